import type { Role } from '../../common/domain';
import type { ReadPool } from '../db/readPool';
import type { BodyJournal } from './bodyJournal';
import type { SaveNotices } from './saveNotices';
import type { Database } from '../db/sqlite';

/**
 * What every service is given rather than reaching for: the open database,
 * the clock, an id source, the data folder that holds image files, and who
 * is working (name and role, from the profile). Tests pass their own; the app and the CLI pass the real ones.
 */
export interface StoreContext {
  db: Database;
  /** Extra read-only connections for a search to spread its work over. */
  readers: ReadPool;
  /** The pieces being edited, so an autosave records only the blocks that changed. */
  journal: BodyJournal;
  /** Told after each committed save of a draft's content (the desk follows shared pieces with it). */
  saves: SaveNotices;
  dataDir: string;
  now: () => number;
  newId: () => string;
  author: () => string;
  role: () => Role;
}
