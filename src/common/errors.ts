/**
 * Errors that cross the API boundary. Every failure a writer can meet has a
 * code (for the UI to branch on) and a message written for a person, not a
 * stack trace.
 */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'trashed',
  'unsupported_image',
  'too_large',
  'invalid_transition',
  'check_failed',
  'forbidden',
  'database_newer',
  'database_corrupt',
  'storage',
  'forbidden_sender',
  'unknown_method',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Field path → problem, for inline form errors. */
  fields?: Record<string, string>;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;

  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (fields) this.fields = fields;
  }

  toApiError(): ApiError {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
