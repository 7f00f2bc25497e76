import { performance } from 'node:perf_hooks';

/** What a benchmark file hands back to scripts/bench.mjs: rows for the one table, and notes under it. */
export interface BenchRow {
  name: string;
  measured: string;
  baseline: string;
  ratio: string;
  target: string;
  /** null: reported for information, no target. */
  pass: boolean | null;
}

export interface BenchResult {
  rows: BenchRow[];
  notes: string[];
}

export interface BenchContext {
  root: string;
  cacheDir: string;
  /** Progress, to stderr. */
  log: (line: string) => void;
  env: Record<string, string | undefined>;
}

/** Nearest-rank percentile of samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export const ms = (n: number): string =>
  n >= 100 ? `${n.toFixed(0)} ms` : n >= 10 ? `${n.toFixed(1)} ms` : `${n.toFixed(2)} ms`;
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
export const times = (n: number): string => (n >= 100 ? `${n.toFixed(0)}×` : `${n.toFixed(2)}×`);

export function positiveIntFromEnv(raw: string | undefined, fallback: number): number {
  const n = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
