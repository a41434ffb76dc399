// Pure date helpers. Dates are calendar dates as `YYYY-MM-DD` strings; arithmetic runs on
// UTC day numbers so the machine's time zone never shifts a day.

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01) of an ISO date, or null when it is not a real date. */
export function dayNumber(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const m = ISO.exec(iso.slice(0, 10));
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return null;
  }
  return Math.round(t / 86_400_000);
}

export function isIsoDate(s: string | null | undefined): boolean {
  return s != null && s.length === 10 && dayNumber(s) !== null;
}

/** The ISO date of a day number. */
export function fromDayNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later), or null. */
export function daysBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return a === null || b === null ? null : b - a;
}

/** Days left from `today` until `date` (negative once it has passed). */
export function daysLeft(today: string, date: string | null | undefined): number | null {
  return daysBetween(today, date);
}

/** "14 mars 2027" given the month names of a language (12 names, January first). */
export function formatLong(iso: string | null | undefined, months: readonly string[], pattern = "{day} {month} {year}"): string {
  const n = dayNumber(iso);
  if (n === null || !iso) return iso ?? "";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return pattern
    .replace("{day}", String(d))
    .replace("{month}", months[m - 1] ?? String(m))
    .replace("{year}", String(y));
}

/** The date part of `YYYY-MM-DDTHH:MM`. */
export function datePart(s: string | null | undefined): string | null {
  if (!s) return null;
  const d = s.slice(0, 10);
  return isIsoDate(d) ? d : null;
}

/** The time part of `YYYY-MM-DDTHH:MM`, or "". */
export function timePart(s: string | null | undefined): string {
  return s && s.length >= 16 ? s.slice(11, 16) : "";
}

/** First day of the month of a day number, as a day number. */
export function monthStart(n: number): number {
  const d = new Date(n * 86_400_000);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 86_400_000);
}

/** First day of the following month. */
export function nextMonth(n: number): number {
  const d = new Date(n * 86_400_000);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86_400_000);
}

/** Month (0–11) and year of a day number. */
export function monthOf(n: number): { year: number; month: number } {
  const d = new Date(n * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() };
}

const MOMENT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/**
 * A moment as the store writes it (`2026-12-01T10:31:07Z`, UTC) on this computer's clock:
 * its date (`YYYY-MM-DD`) and time (`HH:MM`), or null when it is not one. `offset` is the
 * local time's minutes ahead of UTC at that moment (the machine's own by default).
 */
export function localMoment(iso: string | null | undefined, offset?: number): { date: string; time: string } | null {
  const m = iso ? MOMENT.exec(iso) : null;
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(utc)) return null;
  const ahead = offset ?? -new Date(utc).getTimezoneOffset();
  const local = new Date(utc + ahead * 60_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}
