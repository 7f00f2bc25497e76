import type { z } from 'zod';
import { CheckSettingsInput } from '../../common/check';
import { AppError } from '../../common/errors';
import { NOTIFICATIONS_SETTING, NotificationSettings, UPDATES_SETTING, UpdateSettings } from '../../common/preferences';
import { LAST_PIECE_SETTING, LastPiece } from '../../common/lastPiece';
import type { StoreContext } from './context';

/** Settings the app reads with rules of its own: a bad value is refused rather than stored and ignored. */
const SHAPED: Record<string, { schema: z.ZodType; what: string }> = {
  check: { schema: CheckSettingsInput, what: 'The pre-publish check settings' },
  [UPDATES_SETTING]: { schema: UpdateSettings, what: 'The update settings' },
  [NOTIFICATIONS_SETTING]: { schema: NotificationSettings, what: 'The notification settings' },
  [LAST_PIECE_SETTING]: { schema: LastPiece, what: 'The piece and the place to reopen next time' },
};

/** Small preferences kept in the database as JSON, so they travel with backups. */
export async function getSetting(ctx: StoreContext, key: string): Promise<{ key: string; value: unknown }> {
  const row = await ctx.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
  return { key, value: row ? (JSON.parse(row.value) as unknown) : null };
}

export function setSetting(ctx: StoreContext, key: string, value: unknown): Promise<{ key: string; value: unknown }> {
  // Own keys only: SHAPED.constructor is Object, not a rule.
  const shape = Object.hasOwn(SHAPED, key) ? SHAPED[key] : undefined;
  if (shape) {
    const parsed = shape.schema.safeParse(value);
    if (!parsed.success)
      throw new AppError(
        'invalid_input',
        `${shape.what} were not saved: ${parsed.error.issues[0]?.message ?? 'they are not valid'}.`,
      );
    value = parsed.data;
  }
  return ctx.db.transaction(async (tx) => {
    await tx.run(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      [key, JSON.stringify(value)],
    );
    return { key, value };
  });
}
