// Pure layout of the timeline: which rows, where each marker sits. The Svelte view only draws.
import type { Activity } from "../../lib/bindings/Activity";
import type { Commitment } from "../../lib/bindings/Commitment";
import type { Decision } from "../../lib/bindings/Decision";
import type { KeyQuestion } from "../../lib/bindings/KeyQuestion";
import type { Severity } from "../../lib/bindings/Severity";
import type { Warning } from "../../lib/bindings/Warning";
import { datePart, dayNumber, monthOf, monthStart, nextMonth } from "../../lib/dates";
import { warningsFor, worst } from "../../lib/warnings";

export type Zoom = "quarter" | "year" | "all";

export const ROW_H = 30;
export const AXIS_H = 44;
export const PAD_X = 24;
const CHAR_W = 7; // a generous average width of a 12px label character
/** The gap between a marker and its label. */
const LABEL_GAP = 14;

export interface TLItemBase {
  id: string;
  date: string;
  x: number;
  y: number;
  label: string;
  title: string;
  severity: Severity | null;
  warnings: Warning[];
  /** Where the label goes relative to the marker. */
  labelSide: "left" | "right";
}

export interface TLDecision extends TLItemBase {
  kind: "decision";
  status: Decision["status"];
}

export interface TLQuestion extends TLItemBase {
  kind: "question";
  decisionId: string | null;
  /** The decision's marker, for the connector (null when there is none on the chart). */
  link: { x: number; y: number; late: boolean } | null;
  status: KeyQuestion["status"];
}

export interface TLActivity extends TLItemBase {
  kind: "activity";
  status: Activity["status"];
  method: Activity["method"];
}

export interface TLCommitment extends TLItemBase {
  kind: "commitment";
  status: Commitment["status"];
  /** Planned or in progress, and due before today. */
  overdue: boolean;
}

export type TLItem = TLDecision | TLQuestion | TLActivity | TLCommitment;

export interface TLMonth {
  x: number;
  width: number;
  month: number;
  year: number;
}

export interface TLLayout {
  start: number;
  end: number;
  pxPerDay: number;
  width: number;
  height: number;
  months: TLMonth[];
  todayX: number | null;
  decisions: TLDecision[];
  questions: TLQuestion[];
  activities: TLActivity[];
  /** y of the first activity lane (for its row heading). */
  activitiesY: number;
  /** y of the separator above the activity lanes. */
  separatorY: number;
  /** Commitments by their due date, in lanes below the activities. */
  commitments: TLCommitment[];
  /** y of the first commitment lane and of the separator above them. */
  commitmentsY: number;
  commitmentsSeparatorY: number;
  empty: boolean;
}

export interface TLInput {
  decisions: readonly Decision[];
  questions: readonly KeyQuestion[];
  activities: readonly Activity[];
  /** Commitments with a due date are drawn on it. */
  commitments?: readonly Commitment[];
  warnings: readonly Warning[];
  today: string;
  zoom: Zoom;
  viewportWidth: number;
  /** The drawn width of a label (the view measures it in the real font); an estimate if left out. */
  textWidth?: TextWidth;
}

export type TextWidth = (text: string, kind: TLItem["kind"]) => number;

const VISIBLE_DAYS: Record<Exclude<Zoom, "all">, number> = { quarter: 92, year: 366 };

export function labelWidth(s: string): number {
  return s.length * CHAR_W;
}

/**
 * Where a label goes beside its marker at `px` on a chart `width` wide: the preferred side if
 * the whole title fits there, else the other side; only a title that fits on neither side is
 * cut (with "…") to the wider side's room. Labels never run past the chart's edges.
 */
export function placeLabel(
  title: string,
  px: number,
  width: number,
  prefer: "left" | "right",
  measure: (s: string) => number,
): { label: string; labelSide: "left" | "right" } {
  const roomLeft = px - LABEL_GAP - 4;
  const roomRight = width - px - LABEL_GAP - 4;
  const w = measure(title);
  const other = prefer === "left" ? "right" : "left";
  const room = (side: "left" | "right") => (side === "left" ? roomLeft : roomRight);
  if (w <= room(prefer)) return { label: title, labelSide: prefer };
  if (w <= room(other)) return { label: title, labelSide: other };
  const side = roomLeft > roomRight ? "left" : "right";
  let n = title.length;
  let label = title;
  while (n > 1 && measure(label) > room(side)) {
    n -= 1;
    label = title.slice(0, n).trimEnd() + "…";
  }
  return { label, labelSide: side };
}

/** A question's deadline: its needed_by, else its decision's date. */
export function questionDeadline(q: KeyQuestion, decisions: readonly Decision[]): string | null {
  if (dayNumber(q.needed_by) !== null) return q.needed_by;
  const d = decisions.find((d) => d.id === q.decision_id);
  return d && dayNumber(d.decision_date) !== null ? d.decision_date : null;
}

function byDay(a: string | null, b: string | null): number {
  return (dayNumber(a) ?? 0) - (dayNumber(b) ?? 0);
}

export function layoutTimeline(input: TLInput): TLLayout {
  const { warnings, today, zoom } = input;
  const decisions = input.decisions
    .filter((d) => dayNumber(d.decision_date) !== null)
    .slice()
    .sort((a, b) => byDay(a.decision_date, b.decision_date) || a.id.localeCompare(b.id));
  const questions = input.questions.filter((q) => questionDeadline(q, input.decisions) !== null);
  const activities = input.activities
    .filter((a) => datePart(a.starts_at) !== null)
    .slice()
    .sort((a, b) => (a.starts_at ?? "").localeCompare(b.starts_at ?? "") || a.id.localeCompare(b.id));

  const commitments = (input.commitments ?? [])
    .filter((c) => dayNumber(c.due_date) !== null)
    .slice()
    .sort((a, b) => byDay(a.due_date, b.due_date) || a.id.localeCompare(b.id));

  const days: number[] = [];
  for (const d of decisions) days.push(dayNumber(d.decision_date)!);
  for (const q of questions) days.push(dayNumber(questionDeadline(q, input.decisions))!);
  for (const a of activities) days.push(dayNumber(datePart(a.starts_at))!);
  for (const c of commitments) days.push(dayNumber(c.due_date)!);
  const todayN = dayNumber(today);
  const empty = days.length === 0;
  if (todayN !== null) days.push(todayN);
  if (days.length === 0) days.push(0);

  const start = monthStart(Math.min(...days));
  const end = nextMonth(Math.max(...days));
  const total = end - start;
  const usable = Math.max(200, input.viewportWidth - 2 * PAD_X);
  const pxPerDay = zoom === "all" ? usable / total : usable / VISIBLE_DAYS[zoom];
  const width = Math.max(input.viewportWidth, Math.ceil(total * pxPerDay + 2 * PAD_X));
  const x = (n: number) => PAD_X + (n - start) * pxPerDay;

  const months: TLMonth[] = [];
  for (let m = start; m < end; m = nextMonth(m)) {
    const { month, year } = monthOf(m);
    months.push({ x: x(m), width: (nextMonth(m) - m) * pxPerDay, month, year });
  }

  const sevOf = (subject: string, id: string) => {
    const ws = warningsFor(warnings, subject, id);
    return { warnings: ws, severity: worst(ws) };
  };
  const textWidth: TextWidth = input.textWidth ?? ((s) => labelWidth(s));
  const place = (title: string, px: number, prefer: "left" | "right", kind: TLItem["kind"]) =>
    placeLabel(title, px, width, prefer, (s) => textWidth(s, kind));

  let y = AXIS_H + ROW_H / 2 + 6;
  const outDecisions: TLDecision[] = [];
  const outQuestions: TLQuestion[] = [];
  const decisionPos = new Map<string, { x: number; y: number; day: number }>();

  const placeQuestion = (q: KeyQuestion) => {
    const dl = questionDeadline(q, input.decisions)!;
    const qx = x(dayNumber(dl)!);
    const dp = q.decision_id ? decisionPos.get(q.decision_id) : undefined;
    const { label, labelSide } = place(q.title, qx, "left", "question");
    outQuestions.push({
      kind: "question",
      id: q.id,
      date: dl,
      x: qx,
      y,
      label,
      title: q.title,
      ...sevOf("key_question", q.id),
      labelSide,
      decisionId: q.decision_id,
      link: dp ? { x: dp.x, y: dp.y, late: dayNumber(dl)! > dp.day } : null,
      status: q.status,
    });
    y += ROW_H;
  };

  for (const d of decisions) {
    const dx = x(dayNumber(d.decision_date)!);
    const { label, labelSide } = place(d.title, dx, "right", "decision");
    outDecisions.push({
      kind: "decision",
      id: d.id,
      date: d.decision_date!,
      x: dx,
      y,
      label,
      title: d.title,
      ...sevOf("decision", d.id),
      labelSide,
      status: d.status,
    });
    decisionPos.set(d.id, { x: dx, y, day: dayNumber(d.decision_date)! });
    y += ROW_H;
    const qs = questions
      .filter((q) => q.decision_id === d.id)
      .sort((a, b) => byDay(questionDeadline(a, input.decisions), questionDeadline(b, input.decisions)) || a.id.localeCompare(b.id));
    for (const q of qs) placeQuestion(q);
    y += 6;
  }
  const placed = new Set(outQuestions.map((q) => q.id));
  const rest = questions
    .filter((q) => !placed.has(q.id))
    .sort((a, b) => byDay(questionDeadline(a, input.decisions), questionDeadline(b, input.decisions)) || a.id.localeCompare(b.id));
  for (const q of rest) placeQuestion(q);

  // Activities: greedy lanes so that markers and labels do not overlap.
  const separatorY = y - ROW_H / 2 + 4;
  y += 22; // room for the lane heading
  const activitiesY = y;
  const laneOf = (ends: number[], ax: number, label: string, side: "left" | "right", kind: TLItem["kind"]) => {
    const lw = textWidth(label, kind);
    const lo = side === "right" ? ax - 8 : ax - LABEL_GAP - lw;
    const right = side === "right" ? ax + LABEL_GAP + lw : ax + 8;
    let lane = ends.findIndex((e) => e + 12 < lo);
    if (lane === -1) {
      lane = ends.length;
      ends.push(right);
    } else {
      ends[lane] = right;
    }
    return lane;
  };
  const laneEnds: number[] = [];
  const outActivities: TLActivity[] = [];
  for (const a of activities) {
    const d = datePart(a.starts_at)!;
    const ax = x(dayNumber(d)!);
    const { label, labelSide } = place(a.title, ax, "right", "activity");
    const lane = laneOf(laneEnds, ax, label, labelSide, "activity");
    outActivities.push({
      kind: "activity",
      id: a.id,
      date: d,
      x: ax,
      y: activitiesY + lane * ROW_H,
      label,
      title: a.title,
      ...sevOf("activity", a.id),
      labelSide,
      status: a.status,
      method: a.method,
    });
  }
  const activitiesEnd = activitiesY + Math.max(1, laneEnds.length) * ROW_H;
  const commitmentsSeparatorY = activitiesEnd - ROW_H / 2 + 4;
  const commitmentsY = activitiesEnd + 22;
  const cmEnds: number[] = [];
  const outCommitments: TLCommitment[] = [];
  for (const c of commitments) {
    const cx = x(dayNumber(c.due_date)!);
    const { label, labelSide } = place(c.title, cx, "right", "commitment");
    const lane = laneOf(cmEnds, cx, label, labelSide, "commitment");
    const overdue =
      (c.status === "planned" || c.status === "in_progress") && todayN !== null && dayNumber(c.due_date)! < todayN;
    const sev = sevOf("commitment", c.id);
    outCommitments.push({
      kind: "commitment",
      id: c.id,
      date: c.due_date!,
      x: cx,
      y: commitmentsY + lane * ROW_H,
      label,
      title: c.title,
      warnings: sev.warnings,
      severity: sev.severity ?? (overdue ? "warning" : null),
      labelSide,
      status: c.status,
      overdue,
    });
  }
  const height = commitments.length === 0 ? activitiesEnd + 8 : commitmentsY + cmEnds.length * ROW_H + 8;

  return {
    start,
    end,
    pxPerDay,
    width,
    height,
    months,
    todayX: todayN === null ? null : x(todayN),
    decisions: outDecisions,
    questions: outQuestions,
    activities: outActivities,
    activitiesY,
    separatorY,
    commitments: outCommitments,
    commitmentsY,
    commitmentsSeparatorY,
    empty,
  };
}
