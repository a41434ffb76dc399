// Pure helpers for the Dialoger view and its Räckvidd (reach) tab: date-time text, deadlines,
// participant counts, list filters and the reach figures computed from `project_data()`.
import type { ActivityRow } from "../../lib/bindings/ActivityRow";
import type { ActivityStatus } from "../../lib/bindings/ActivityStatus";
import type { Decision } from "../../lib/bindings/Decision";
import type { KeyQuestion } from "../../lib/bindings/KeyQuestion";
import type { Method } from "../../lib/bindings/Method";
import type { Segment } from "../../lib/bindings/Segment";
import { dayNumber, isIsoDate } from "../../lib/dates";
import { fold } from "../../lib/fold";
import { byIso, bySv } from "../../lib/collate";

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
export function questionDeadline(q: KeyQuestion, decisions: readonly Decision[]): string | null {
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

export function totalParticipants(a: ActivityRow): number {
  return a.participants.reduce((s, p) => s + p.count, 0);
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

/** Activities by start (undated ones last), then title. */
export function sortActivities<A extends ActivityRow>(list: readonly A[]): A[] {
  const key = (a: A) => a.starts_at ?? "9999";
  return [...list].sort((a, b) => byIso(key(a), key(b)) || bySv(a.title, b.title));
}

/**
 * The order of the Dialoger list, as a project leader works through it: the coming (planned)
 * dialogues first, the soonest at the top, then those held, the newest first. Undated ones
 * end each group; ties go by title.
 */
export function dialogueOrder<A extends ActivityRow>(list: readonly A[]): A[] {
  const coming = (a: A) => a.status === "planned";
  const byTitle = (a: A, b: A) => bySv(a.title, b.title);
  return [...list].sort((a, b) => {
    if (coming(a) !== coming(b)) return coming(a) ? -1 : 1;
    if (!a.starts_at || !b.starts_at) return a.starts_at ? -1 : b.starts_at ? 1 : byTitle(a, b);
    const byDate = coming(a) ? byIso(a.starts_at, b.starts_at) : byIso(b.starts_at, a.starts_at);
    return byDate || byTitle(a, b);
  });
}

/** The activities a filter lets through. Period bounds that are not dates are ignored. */
export function filterActivities<A extends ActivityRow>(list: readonly A[], f: ActivityFilter): A[] {
  const from = isIsoDate(f.from.trim()) ? f.from.trim() : "";
  const to = isIsoDate(f.to.trim()) ? f.to.trim() : "";
  return list.filter((a) => {
    if (f.status && a.status !== f.status) return false;
    if (f.method && a.method !== f.method) return false;
    if (f.questionId && !a.key_question_ids.includes(f.questionId)) return false;
    if (f.segmentId && !a.participants.some((p) => p.segment_id === f.segmentId && p.count > 0)) return false;
    if (from || to) {
      const d = a.starts_at?.slice(0, 10) ?? "";
      if (!d) return false;
      if (from && d < from) return false;
      if (to && d > to) return false;
    }
    return true;
  });
}

// ---- reach ---------------------------------------------------------------------------

/** Activities that have been held (or reported back), by date. */
export function heldActivities<A extends ActivityRow>(list: readonly A[]): A[] {
  return sortActivities(list.filter((a) => a.status === "held" || a.status === "reported_back"));
}

export interface ReachMatrix {
  activities: ActivityRow[];
  segments: Segment[];
  /** cell[segmentIndex][activityIndex] */
  cells: number[][];
  rowTotals: number[];
  colTotals: number[];
  total: number;
  /** Priority segments nobody from has taken part in a held activity. */
  unheard: Segment[];
}

export function reachMatrix(activities: readonly ActivityRow[], segments: readonly Segment[]): ReachMatrix {
  const acts = heldActivities(activities);
  const cells = segments.map((s) =>
    acts.map((a) => a.participants.filter((p) => p.segment_id === s.id).reduce((n, p) => n + p.count, 0)),
  );
  const rowTotals = cells.map((r) => r.reduce((n, c) => n + c, 0));
  const colTotals = acts.map((_, j) => cells.reduce((n, r) => n + r[j], 0));
  const total = rowTotals.reduce((n, c) => n + c, 0);
  const unheard = segments.filter((s, i) => s.priority && rowTotals[i] === 0);
  return { activities: acts, segments: [...segments], cells, rowTotals, colTotals, total, unheard };
}

/**
 * How many held dialogues the reach table shows at once. A table a few screens wide is no
 * longer read, and one with a column for each of thousands of dialogues takes seconds to draw.
 */
export const REACH_COLUMNS = 12;

/**
 * The columns of the reach table in view: at most [`REACH_COLUMNS`] of `total`, the first at
 * `from`, kept inside the table; the latest dialogues when `from` is null.
 */
export function columnWindow(total: number, from: number | null): { from: number; to: number } {
  const last = Math.max(0, total - REACH_COLUMNS);
  const start = from === null ? last : Math.max(0, Math.min(from, last));
  return { from: start, to: Math.min(total, start + REACH_COLUMNS) };
}

export interface MonthBucket {
  /** `YYYY-MM` */
  month: string;
  /** count per segment, in the order of the segments given */
  counts: number[];
  total: number;
}

/** Participants per month and segment, over every month from the first to the last held activity. */
export function participantsByMonth(activities: readonly ActivityRow[], segments: readonly Segment[]): MonthBucket[] {
  const acts = heldActivities(activities).filter((a) => a.starts_at && isIsoDate(a.starts_at.slice(0, 10)));
  if (acts.length === 0) return [];
  const months = new Map<string, number[]>();
  for (const a of acts) {
    const m = a.starts_at!.slice(0, 7);
    const row = months.get(m) ?? segments.map(() => 0);
    for (const p of a.participants) {
      const i = segments.findIndex((s) => s.id === p.segment_id);
      if (i >= 0) row[i] += p.count;
    }
    months.set(m, row);
  }
  const keys = [...months.keys()].sort();
  const out: MonthBucket[] = [];
  let [y, mo] = keys[0].split("-").map(Number);
  const last = keys[keys.length - 1];
  for (;;) {
    const key = `${y}-${String(mo).padStart(2, "0")}`;
    const counts = months.get(key) ?? segments.map(() => 0);
    out.push({ month: key, counts, total: counts.reduce((n, c) => n + c, 0) });
    if (key >= last || out.length > 600) break;
    mo++;
    if (mo > 12) {
      mo = 1;
      y++;
    }
  }
  return out;
}

/** True for a segment that stands for people who do not use the library ("Icke-användare"). */
export function isNonUserSegment(name: string): boolean {
  const n = name.toLocaleLowerCase("sv").replace(/[\s\u2010-\u2015-]+/g, "");
  return n.includes("ickeanvändare") || n.includes("nonuser");
}

export interface NonUserShare {
  nonUsers: number;
  total: number;
  /** 0–100, rounded; null when nobody took part yet */
  percent: number | null;
  /** whether the project has such a segment at all */
  hasSegment: boolean;
}

export function nonUserShare(m: ReachMatrix): NonUserShare {
  let nonUsers = 0;
  let hasSegment = false;
  m.segments.forEach((s, i) => {
    if (isNonUserSegment(s.name)) {
      hasSegment = true;
      nonUsers += m.rowTotals[i];
    }
  });
  return { nonUsers, total: m.total, percent: m.total === 0 ? null : Math.round((nonUsers / m.total) * 100), hasSegment };
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
