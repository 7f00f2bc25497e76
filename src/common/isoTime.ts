/** The store keeps times as epoch milliseconds; the API speaks ISO 8601 strings. Null (never) stays null. */
export function isoTime(ms: number): string;
export function isoTime(ms: number | null): string | null;
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
