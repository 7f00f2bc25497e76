/**
 * A piece's own dates — when it was first published and last updated, as an
 * archive recorded them — kept as the writer had them: a day
 * (`2024-03-05`), or a moment with its time zone
 * (`2024-03-05T10:00:00+01:00`). Read from the forms Hugo, Jekyll and YAML
 * write: `2024-03-05T10:00:00Z`, `2024-03-05 10:00:00 +0100`,
 * `2001-12-14 21:59:43.10 -5`, and the Date objects a YAML 1.1 parser makes.
 */

/** The stored form: a day, or a moment with seconds and a zone. */
export const PIECE_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))?$/;

export const PIECE_DATE_HELP = 'Write a date as YYYY-MM-DD, or with a time and zone like 2024-03-05T10:00:00+01:00.';

export interface ReadDate {
  /** The stored form. */
  date: string;
  /** The text had a time but no zone, and was read as UTC (Hugo's default). */
  assumedUtc: boolean;
}

const TEXT =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?)?$/;

const pad = (n: number | string, width = 2) => String(n).padStart(width, '0');

function realDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function zoneOf(text: string | undefined): string | null {
  if (!text || /^(?:Z|z|UTC|GMT)$/.test(text)) return 'Z';
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text)!;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 14 || minutes > 59) return null;
  return `${m[1]}${pad(hours)}:${pad(minutes)}`;
}

/** The stored form of a date in any accepted form, or null when it is not one. */
export function readPieceDate(value: unknown): ReadDate | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const iso = value.toISOString();
    // YAML 1.1 reads a bare day as its midnight, UTC: it was a day.
    if (iso.endsWith('T00:00:00.000Z')) return { date: iso.slice(0, 10), assumedUtc: false };
    return { date: iso.replace('.000Z', 'Z'), assumedUtc: false };
  }
  if (typeof value !== 'string') return null;
  const m = TEXT.exec(value.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!realDay(year, month, day)) return null;
  const dayText = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (m[4] === undefined) return { date: dayText, assumedUtc: false };
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const zone = zoneOf(m[8]);
  if (zone === null) return null;
  return {
    date: `${dayText}T${pad(hour)}:${pad(minute)}:${pad(second)}${m[7] ?? ''}${zone}`,
    assumedUtc: m[8] === undefined,
  };
}

/** A stored date as a moment in UTC (a day is its midnight, UTC). */
export function pieceDateInstant(date: string): Date {
  return new Date(date.length === 10 ? `${date}T00:00:00Z` : date);
}

/** True for a stored date that is a whole day, with no time of day. */
export function isDayOnly(date: string): boolean {
  return date.length === 10;
}
