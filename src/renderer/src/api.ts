import type { ApiError, ApiResult } from '../../common/errors';

/** A failed API call, carrying the message written for the writer. */
export class ApiFailure extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiFailure';
    this.error = error;
  }
}

/**
 * The one rule for who calls this: stores own server state, components own
 * view state. What the database holds, and every call that reads or changes
 * it, lives in a zustand store (libraryStore, tagsStore, historyStore…); a
 * component keeps only what the screen is doing (what is selected, typed,
 * open or in progress) and calls the store's actions. The editor is the one
 * exception, by design: the open text lives in Lexical, so DraftEditor reads
 * the draft it starts from and hands drafts.save to its SaveController, and
 * ReloadOnArrival reads the version a colleague's save brought, for that
 * controller to adopt.
 * Components may also subscribe to events and send the shell's app.* notices
 * (pieceOpen, flushed), which carry no server state.
 */
export const api = (): Window['copydesk'] => window.copydesk;

/** Awaits a call and returns its value, or throws its typed error. */
export async function unwrap<T>(result: Promise<ApiResult<T>>): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw new ApiFailure(answer.error);
  return answer.value;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
