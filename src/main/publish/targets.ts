import { isWebUrl } from '../../common/domain';
import { AppError } from '../../common/errors';
import { insecureUrlProblem, type PublishTarget, type PublishTargetKind } from '../../common/publish';
import type { Queryable } from '../db/sqlite';
import type { StoreContext } from '../services/context';
import type { SecretStore } from './secrets';
import { isoTime } from '../../common/isoTime';

/** Publish targets: rows in SQLite, secrets in the SecretStore, keyed by the target's name. */

export interface TargetRow {
  id: string;
  name: string;
  name_key: string;
  kind: PublishTargetKind;
  url: string;
  user: string;
  options: string;
  created_at: number;
  updated_at: number;
}

export interface TargetInput {
  name: string;
  kind: PublishTargetKind;
  url: string;
  user?: string | undefined;
  options?: Record<string, unknown> | undefined;
  secret?: string | undefined;
}

const nameKey = (name: string) => name.trim().toLocaleLowerCase('und');

async function toTarget(row: TargetRow, secrets: SecretStore): Promise<PublishTarget> {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    url: row.url,
    user: row.user,
    options: JSON.parse(row.options) as Record<string, unknown>,
    secretSet: (await secrets.get(row.name)) !== null,
    secretProtection: secrets.protection(),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}

/** Two addresses on the same scheme, host and port: a secret set for one may go to the other. */
function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

function validate(input: Pick<TargetInput, 'name' | 'kind' | 'url' | 'user'>): void {
  if (!input.name.trim())
    throw new AppError('invalid_input', 'A target needs a name.', { name: 'A target needs a name.' });
  if (!isWebUrl(input.url))
    throw new AppError('invalid_input', 'The address must start with http:// or https://.', {
      url: 'The address must start with http:// or https://.',
    });
  const insecure = insecureUrlProblem(input.url);
  if (insecure) throw new AppError('invalid_input', insecure, { url: insecure });
  if (input.kind === 'wordpress' && !input.user?.trim()) {
    throw new AppError('invalid_input', 'WordPress needs the user name the application password belongs to.', {
      user: 'WordPress needs a user name.',
    });
  }
}

/** A target by id or by name (case-insensitive): the CLI says names, the app says ids. */
export async function findTargetRow(q: Queryable, idOrName: string): Promise<TargetRow> {
  const row = await q.get<TargetRow>('SELECT * FROM publish_targets WHERE id = ? OR name_key = ?', [
    idOrName,
    nameKey(idOrName),
  ]);
  if (!row) throw new AppError('not_found', `There is no publish target called “${idOrName}”.`);
  return row;
}

export async function listTargets(ctx: StoreContext, secrets: SecretStore): Promise<PublishTarget[]> {
  const rows = await ctx.db.all<TargetRow>('SELECT * FROM publish_targets ORDER BY name_key');
  return Promise.all(rows.map((row) => toTarget(row, secrets)));
}

export async function addTarget(ctx: StoreContext, secrets: SecretStore, input: TargetInput): Promise<PublishTarget> {
  validate(input);
  const id = ctx.newId();
  const now = ctx.now();
  const name = input.name.trim();
  await ctx.db.transaction(async (tx) => {
    if (await tx.get('SELECT 1 FROM publish_targets WHERE name_key = ?', [nameKey(name)])) {
      throw new AppError('invalid_input', `There is already a target called “${name}”.`, {
        name: 'That name is taken.',
      });
    }
    await tx.run(
      'INSERT INTO publish_targets (id, name, name_key, kind, url, user, options, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        id,
        name,
        nameKey(name),
        input.kind,
        input.url.trim().replace(/\/+$/, ''),
        input.user?.trim() ?? '',
        JSON.stringify(input.options ?? {}),
        now,
        now,
      ],
    );
  });
  if (input.secret) await secrets.set(name, input.secret);
  return toTarget((await ctx.db.get<TargetRow>('SELECT * FROM publish_targets WHERE id = ?', [id]))!, secrets);
}

export async function updateTarget(
  ctx: StoreContext,
  secrets: SecretStore,
  input: { id: string } & Partial<Omit<TargetInput, 'kind'>>,
): Promise<PublishTarget> {
  const current = await findTargetRow(ctx.db, input.id);
  const next = {
    name: input.name?.trim() ?? current.name,
    kind: current.kind,
    url: input.url?.trim().replace(/\/+$/, '') ?? current.url,
    user: input.user?.trim() ?? current.user,
  };
  validate(next);
  const nameTaken = async (q: Queryable) => {
    if (await q.get('SELECT 1 FROM publish_targets WHERE name_key = ? AND id <> ?', [nameKey(next.name), current.id])) {
      throw new AppError('invalid_input', `There is already a target called “${next.name}”.`, {
        name: 'That name is taken.',
      });
    }
  };
  await nameTaken(ctx.db);
  // The secret was given for the old site and must never reach another: dropped before the new address is saved.
  const moved = !sameOrigin(current.url, next.url);
  if (moved) await secrets.delete(current.name);
  await ctx.db.transaction(async (tx) => {
    await nameTaken(tx);
    await tx.run(
      'UPDATE publish_targets SET name = ?, name_key = ?, url = ?, user = ?, options = ?, updated_at = ? WHERE id = ?',
      [
        next.name,
        nameKey(next.name),
        next.url,
        next.user,
        input.options ? JSON.stringify(input.options) : current.options,
        ctx.now(),
        current.id,
      ],
    );
  });
  if (next.name !== current.name && !moved) {
    const secret = await secrets.get(current.name);
    if (secret !== null && input.secret === undefined) await secrets.set(next.name, secret);
    await secrets.delete(current.name);
  }
  if (input.secret !== undefined) {
    if (input.secret === '') await secrets.delete(next.name);
    else await secrets.set(next.name, input.secret);
  }
  return toTarget((await ctx.db.get<TargetRow>('SELECT * FROM publish_targets WHERE id = ?', [current.id]))!, secrets);
}

export async function removeTarget(ctx: StoreContext, secrets: SecretStore, idOrName: string): Promise<{ id: string }> {
  const row = await findTargetRow(ctx.db, idOrName);
  await ctx.db.transaction((tx) => tx.run('DELETE FROM publish_targets WHERE id = ?', [row.id]));
  await secrets.delete(row.name);
  return { id: row.id };
}
