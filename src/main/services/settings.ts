import type { StoreContext } from './context';

/** Small preferences kept in the database as JSON, so they travel with backups. */
export async function getSetting(ctx: StoreContext, key: string): Promise<{ key: string; value: unknown }> {
  const row = await ctx.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
  return { key, value: row ? (JSON.parse(row.value) as unknown) : null };
}

export function setSetting(ctx: StoreContext, key: string, value: unknown): Promise<{ key: string; value: unknown }> {
  return ctx.db.transaction(async (tx) => {
    await tx.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [
      key,
      JSON.stringify(value),
    ]);
    return { key, value };
  });
}
