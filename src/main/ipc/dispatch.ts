import type { z } from 'zod';
import { apiContract, type ApiHandlers, type ApiMethod } from '../../common/api';
import { AppError, type ApiResult } from '../../common/errors';
import { storageError } from '../db/storageErrors';

/**
 * The transport-free half of the IPC layer: look the method up in the
 * contract, validate the payload against its schema, run the service, and
 * turn every failure into a typed result a writer can read. Electron's
 * ipcMain, the browser tests' exposeBinding and the command line all use it.
 */

export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && Object.hasOwn(apiContract, method);
}

/**
 * Deeper than this, an input is refused before validation: the schemas and
 * JSON.stringify recurse, and 20,000 levels overflow the stack. A piece's
 * body (lists in lists) stays far below it.
 */
export const MAX_INPUT_DEPTH = 1000;

/** How deep `value` nests arrays and objects, counted without recursion and without reading past `limit + 1`. */
export function nestingDepth(value: unknown, limit = MAX_INPUT_DEPTH): number {
  let deepest = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) continue;
    for (const child of Array.isArray(node) ? node : Object.values(node))
      stack.push({ value: child, depth: depth + 1 });
  }
  return deepest;
}

export function describeIssues(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '(input)';
    fields[path] ??= issue.message;
  }
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
  return new AppError('invalid_input', `${first?.message ?? 'The request is not valid.'}${where}`, fields);
}

/** Validates `payload` for `method`: the parsed input, or the AppError a writer reads. Never throws on hostile input. */
export function validateInput(
  method: ApiMethod,
  payload: unknown,
): { ok: true; data: unknown } | { ok: false; error: AppError } {
  if (nestingDepth(payload) > MAX_INPUT_DEPTH) {
    return {
      ok: false,
      error: new AppError(
        'invalid_input',
        `The request is nested more than ${MAX_INPUT_DEPTH.toLocaleString('en')} levels deep, so it was not read. Nothing was changed.`,
      ),
    };
  }
  const parsed = apiContract[method].input.safeParse(payload ?? {});
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: describeIssues(parsed.error) };
}

export function toApiError(err: unknown, log: (message: string) => void = console.error): ApiResult<never> {
  if (err instanceof AppError) return { ok: false, error: err.toApiError() };
  const storage = storageError(err);
  if (storage) return { ok: false, error: storage.toApiError() };
  log(`copydesk: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return {
    ok: false,
    error: {
      code: 'internal',
      message: `Something went wrong and nothing was changed: ${err instanceof Error ? err.message : String(err)}`,
    },
  };
}

export async function dispatch(handlers: ApiHandlers, method: unknown, payload: unknown): Promise<ApiResult<unknown>> {
  if (!isApiMethod(method)) {
    return {
      ok: false,
      error: { code: 'unknown_method', message: `There is no API method called ${JSON.stringify(method)}.` },
    };
  }
  // Validation runs inside the try too: whatever a hostile payload makes it throw comes back as a result.
  try {
    const input = validateInput(method, payload);
    if (!input.ok) return { ok: false, error: input.error.toApiError() };
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(input.data) };
  } catch (err) {
    return toApiError(err);
  }
}
