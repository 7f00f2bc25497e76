/** A positive integer from an environment variable (trial counts, seeds), or `fallback` when unset or not one. */
export function positiveInt(raw: string | undefined, fallback: number): number {
  const n = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
