import type { z } from 'zod';
import { apiSchema, type ApiHandlers, type ApiMethod } from '../../common/api';
import { AppError, type ApiResult } from '../../common/errors';
import { SqliteError } from '../db/sqlite';

/**
 * The transport-free half of the IPC layer: look the method up in the
 * contract, validate the payload against its schema, run the service, and
 * turn every failure into a typed result a writer can read. Electron's
 * ipcMain and the browser tests' exposeBinding both call this.
 */

export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && Object.hasOwn(apiSchema, method);
}

function describeIssues(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '(input)';
    fields[path] ??= issue.message;
  }
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
  return new AppError('invalid_input', `${first?.message ?? 'The request is not valid.'}${where}`, fields);
}

export function toApiError(err: unknown, log: (message: string) => void = console.error): ApiResult<never> {
  if (err instanceof AppError) return { ok: false, error: err.toApiError() };
  // A disk that is full or failing, whether SQLite or Node's fs met it.
  const code = err instanceof SqliteError ? err.sqliteCode : (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return { ok: false, error: { code: 'storage', message: 'The disk refused the write because it is full; nothing was changed. Free some space and try again.' } };
  }
  if (code === 'SQLITE_IOERR' || code === 'EIO') {
    return { ok: false, error: { code: 'storage', message: 'The disk refused the write (it reported an input/output error); nothing was changed. Check the disk, then try again.' } };
  }
  if (code === 'SQLITE_CANTOPEN') {
    return { ok: false, error: { code: 'storage', message: 'The disk or the folder refused to open or create the database file; nothing was changed. Check that the folder can be written and the disk works, then try again.' } };
  }
  if (err instanceof SqliteError) {
    if (err.sqliteCode === 'SQLITE_BUSY' || err.sqliteCode === 'SQLITE_LOCKED') {
      return { ok: false, error: { code: 'storage', message: 'The database is busy in another window or program; nothing was saved. Try again in a moment.' } };
    }
    if (err.sqliteCode === 'SQLITE_READONLY') {
      return { ok: false, error: { code: 'storage', message: 'The database file is read-only, so nothing was saved.' } };
    }
  }
  log(`copydesk: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return { ok: false, error: { code: 'internal', message: `Something went wrong and nothing was changed: ${err instanceof Error ? err.message : String(err)}` } };
}

/** The message for a failure of the disk or the database file (full, failing, busy, read-only), or null for any other error. */
export function storageProblem(err: unknown): string | null {
  const result = toApiError(err, () => undefined);
  return !result.ok && result.error.code === 'storage' ? result.error.message : null;
}

export async function dispatch(handlers: ApiHandlers, method: unknown, payload: unknown): Promise<ApiResult<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `There is no API method called ${JSON.stringify(method)}.` } };
  }
  const parsed = apiSchema[method].safeParse(payload ?? {});
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error).toApiError() };
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return toApiError(err);
  }
}
