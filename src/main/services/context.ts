import type { Role } from '../../common/domain';
import type { Database } from '../db/sqlite';

/**
 * What every service is given rather than reaching for: the open database,
 * the clock, an id source, the data folder that holds image files, and who
 * is working (name and role, from the profile). Tests pass their own; the app and the CLI pass the real ones.
 */
export interface StoreContext {
  db: Database;
  dataDir: string;
  now: () => number;
  newId: () => string;
  author: () => string;
  role: () => Role;
}
