/** How the renderer writes times and counts: one definition each, so every screen says them alike. */

/** A moment to the minute: "27 Nov, 09:05". */
export function when(iso: string): string {
  return new Date(iso).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** A moment to the second, for where minutes alone would not tell two apart. */
export function whenExactly(iso: string): string {
  return new Date(iso).toLocaleString([], {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** A moment in full, for a tooltip: weekday, date and time to the second. */
export function fullTime(iso: string): string {
  return new Date(iso).toLocaleString([], { dateStyle: 'full', timeStyle: 'medium' });
}

/** The time if it is today, else the date: a list's "last edited". */
export function timeOrDate(iso: string, today = new Date()): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === today.toDateString();
  return sameDay
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' });
}

/**
 * Each item's time as a list shows it: to the minute, or to the second where
 * minutes alone would not tell two items apart.
 */
export function timeLabels<Id>(items: ReadonlyArray<{ id: Id; createdAt: string }>): Map<Id, string> {
  const minutes = items.map((item) => when(item.createdAt));
  const uses = new Map<string, number>();
  for (const m of minutes) uses.set(m, (uses.get(m) ?? 0) + 1);
  return new Map(
    items.map((item, i) => [item.id, (uses.get(minutes[i]!) ?? 0) > 1 ? whenExactly(item.createdAt) : minutes[i]!]),
  );
}

/** A change in a count: "+12", "−3" (a real minus sign), "±0". */
export function signed(n: number): string {
  if (n > 0) return `+${n.toLocaleString()}`;
  if (n < 0) return `\u2212${Math.abs(n).toLocaleString()}`;
  return '\u00b10';
}

/** A count and its noun: "1 word", "1,204 words". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
