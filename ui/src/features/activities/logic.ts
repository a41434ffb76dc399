// Pure helpers for the Dialoger view and its Räckvidd (reach) tab: date-time text, deadlines,
// participant counts and Dialoger's filter as the core takes it.
import type { ActivityFilter as CoreActivityFilter } from "../../lib/bindings/ActivityFilter";
import type { ActivityStatus } from "../../lib/bindings/ActivityStatus";
import type { Decision } from "../../lib/bindings/Decision";
import type { KeyQuestion } from "../../lib/bindings/KeyQuestion";
import type { Method } from "../../lib/bindings/Method";
import { dayNumber, isIsoDate } from "../../lib/dates";
import { fold } from "../../lib/fold";

export const METHODS: readonly Method[] = [
  "workshop",
  "popup",
  "survey",
  "interview",
  "focus_group",
  "walk",
  "digital",
  "information",
  "other",
];

export const STATUSES: readonly ActivityStatus[] = ["planned", "held", "reported_back"];

// ---- date and time as typed ("ÅÅÅÅ-MM-DD TT:MM", or the day alone) ----------------------

const TYPED = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[ T]+|\s*kl\.?\s*)(\d{1,2})[:.](\d{2}))?$/i;

/**
 * What the user typed as start or end, in the form Rust stores: `YYYY-MM-DDTHH:MM`, or
 * `YYYY-MM-DD` when only the day is known (a school visit is often known only by its day).
 * Empty → null. "2027-01-15 14:00", "2027-1-5 9.30", "2027-01-15T14:00" and "2027-1-15"
 * are understood; anything else is passed on unchanged so that the save reports
 * `not_a_time` beside the field.
 */
export function toStoredTime(typed: string): string | null {
  const s = typed.trim();
  if (s === "") return null;
  const m = TYPED.exec(s);
  if (!m) return s;
  const p = (v: string) => v.padStart(2, "0");
  const day = `${m[1]}-${p(m[2])}-${p(m[3])}`;
  return m[4] === undefined ? day : `${day}T${p(m[4])}:${m[5]}`;
}

/** A stored start or end as the field shows it: "2027-01-15 14:00", or "2027-01-15". */
export function toTypedTime(stored: string | null | undefined): string {
  if (!stored) return "";
  return stored.replace("T", " ");
}

/** True when a typed value is a real day, or a real day and time (or empty). */
export function isTypedTime(typed: string): boolean {
  const v = toStoredTime(typed);
  if (v === null) return true;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return isIsoDate(v);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return false;
  const hh = Number(v.slice(11, 13));
  const mm = Number(v.slice(14, 16));
  return isIsoDate(v.slice(0, 10)) && hh < 24 && mm < 60;
}

// ---- key question deadlines ------------------------------------------------------------

/** A key question's deadline: its `needed_by`, or else its decision's date. */
export function questionDeadline(
  q: Pick<KeyQuestion, "needed_by" | "decision_id">,
  decisions: readonly Pick<Decision, "id" | "decision_date">[],
): string | null {
  if (q.needed_by) return q.needed_by;
  return decisions.find((d) => d.id === q.decision_id)?.decision_date ?? null;
}

/** True when an activity on `activityDate` comes after `deadline` (calendar dates). */
export function comesTooLate(activityDate: string | null, deadline: string | null): boolean {
  const a = dayNumber(activityDate);
  const d = dayNumber(deadline);
  return a !== null && d !== null && a > d;
}

// ---- participant counts ----------------------------------------------------------------

export type CountResult = { ok: true; value: number } | { ok: false; code: "negative" | "not_a_number" };

/** A participant count as typed: empty is 0; a negative or non-whole number is refused. */
export function parseCount(typed: string): CountResult {
  const s = typed.trim().replace(/\s+/g, "");
  if (s === "") return { ok: true, value: 0 };
  if (/^-\d+$/.test(s)) return Number(s) === 0 ? { ok: true, value: 0 } : { ok: false, code: "negative" };
  if (!/^\d+$/.test(s)) return { ok: false, code: "not_a_number" };
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n > 4_294_967_295) return { ok: false, code: "not_a_number" };
  return { ok: true, value: n };
}

/** Sum of the counts that parse (what the live total shows). */
export function liveTotal(typed: readonly string[]): number {
  let sum = 0;
  for (const v of typed) {
    const r = parseCount(v);
    if (r.ok) sum += r.value;
  }
  return sum;
}

// ---- the list ------------------------------------------------------------------------

export interface ActivityFilter {
  status: ActivityStatus | "";
  method: Method | "";
  from: string;
  to: string;
  questionId: string;
  segmentId: string;
}

export const EMPTY_FILTER: ActivityFilter = { status: "", method: "", from: "", to: "", questionId: "", segmentId: "" };

/**
 * A filter as the core takes it: blanks are none, and a period bound that is not a date is
 * left out (its field says so beside it) rather than refused.
 */
export function toCoreFilter(f: ActivityFilter): CoreActivityFilter {
  const day = (v: string) => (isIsoDate(v.trim()) ? v.trim() : null);
  return {
    status: f.status || null,
    method: f.method || null,
    from: day(f.from),
    to: day(f.to),
    key_question_id: f.questionId || null,
    segment_id: f.segmentId || null,
  };
}

/** Up to this many key questions, the activity form lists them all as checkboxes. */
export const ALL_QUESTIONS_UP_TO = 40;
/** Beyond that, how many the form lists besides the linked ones (type to find others). */
export const QUESTIONS_SHOWN = 30;

/**
 * The key questions an activity form lists: all of them when there are few; else the linked
 * ones (in order) and then, up to `QUESTIONS_SHOWN`, those whose title or decision has a word
 * beginning with each word typed in `filter` (as the search finds needs). `hidden` counts the rest.
 */
export function questionChoices<T extends { q: { id: string; title: string }; decisionTitle: string }>(
  rows: readonly T[],
  linked: readonly string[],
  filter: string,
): { shown: T[]; hidden: number } {
  if (rows.length <= ALL_QUESTIONS_UP_TO) return { shown: [...rows], hidden: 0 };
  const words = fold(filter).split(/\s+/).filter((w) => w !== "");
  const on = new Set(linked);
  const mine = rows.filter((r) => on.has(r.q.id));
  const others = rows.filter((r) => {
    if (on.has(r.q.id)) return false;
    const have = fold(`${r.q.title} ${r.decisionTitle}`).split(/[^\p{L}\p{N}]+/u);
    return words.every((w) => have.some((h) => h.startsWith(w)));
  });
  const shown = [...mine, ...others.slice(0, QUESTIONS_SHOWN)];
  return { shown, hidden: rows.length - shown.length };
}
