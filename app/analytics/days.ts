// Calendar days as the analytics count them: UTC days written YYYY-MM-DD, weeks starting on Monday.

const DAY_MS = 86_400_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Midnight UTC at the start of `day`; null when `day` is not a real YYYY-MM-DD date. */
export function startOfDay(day: string): Date | null {
  if (!DAY_RE.test(day)) return null;
  const d = new Date(`${day}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) || dayOf(d) !== day ? null : d;
}

export function addDays(day: string, n: number): string {
  return dayOf(new Date(startOfDay(day)!.getTime() + n * DAY_MS));
}

/** Whole days from `a` to `b` (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((startOfDay(b)!.getTime() - startOfDay(a)!.getTime()) / DAY_MS);
}

/** The Monday of the week holding `day`. */
export function weekStart(day: string): string {
  const dow = startOfDay(day)!.getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

/** The Mondays of every week that overlaps [from, to]. */
export function weeksCovering(from: string, to: string): string[] {
  const out: string[] = [];
  for (let w = weekStart(from); w <= to; w = addDays(w, 7)) out.push(w);
  return out;
}
