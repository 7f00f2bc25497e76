import type { Profile } from '../../common/domain';
import type { Queryable } from '../db/sqlite';

/**
 * The local profile: the name and role that sign status changes, notes and
 * revisions. Kept in settings; held in memory so signing costs nothing.
 */
export class ProfileHolder {
  private profile: Profile | null = null;

  async load(q: Queryable): Promise<void> {
    const row = await q.get<{ value: string }>("SELECT value FROM settings WHERE key = 'profile'");
    this.profile = row ? (JSON.parse(row.value) as Profile) : null;
  }

  get(): Profile | null {
    return this.profile;
  }

  async set(q: Queryable, profile: Profile): Promise<Profile> {
    await q.run(
      "INSERT INTO settings (key, value) VALUES ('profile', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      [JSON.stringify(profile)],
    );
    this.profile = profile;
    return profile;
  }

  name = (): string => this.profile?.name ?? '';
  role = (): Profile['role'] => this.profile?.role ?? 'writer';
}
