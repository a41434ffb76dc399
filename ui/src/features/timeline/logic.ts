// Pure layout of the timeline: which rows, where each marker sits, which markers are grouped
// and which are on screen. The Svelte view only draws.
import type { Activity } from "../../lib/bindings/Activity";
import type { Commitment } from "../../lib/bindings/Commitment";
import type { Decision } from "../../lib/bindings/Decision";
import type { KeyQuestion } from "../../lib/bindings/KeyQuestion";
import type { Severity } from "../../lib/bindings/Severity";
import type { Warning } from "../../lib/bindings/Warning";
import { dayNumber, fromDayNumber, monthOf, monthStart, nextMonth } from "../../lib/dates";
import { worst } from "../../lib/warnings";

/** The preset zoom levels; a number is the count of days one screen width shows. */
export type Zoom = "quarter" | "year" | "all";

export const ROW_H = 30;
export const AXIS_H = 44;
export const PAD_X = 24;
/** The closest zoom: two weeks across the screen. */
export const MIN_DAYS = 14;
/** Lanes of single markers before the rest of a period is grouped in a cluster. */
export const MAX_ACTIVITY_LANES = 6;
export const MAX_COMMITMENT_LANES = 4;
const CHAR_W = 7; // a generous average width of a 12px label character
/** The gap between a marker and its label. */
const LABEL_GAP = 14;
/** Horizontal room kept free between two blocks or markers in the same row. */
const ROW_GAP = 12;

export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

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
  /** What it covers on the chart: marker, label and connector. */
  box: Box;
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
}

export interface TLCommitment extends TLItemBase {
  kind: "commitment";
  status: Commitment["status"];
  /** Planned or in progress, and due before today. */
  overdue: boolean;
}

export type TLItem = TLDecision | TLQuestion | TLActivity | TLCommitment;

/** Markers of one lane group that had no room of their own, drawn as one button with a count. */
export interface TLCluster {
  kind: "cluster";
  of: "activity" | "commitment";
  /** `cluster-<of>-<first item's id>`. */
  key: string;
  /** The items it holds, in date order. */
  ids: string[];
  from: string;
  to: string;
  /** The first held marker's x; the pill starts at `pillX`. */
  x: number;
  pillX: number;
  pillWidth: number;
  y: number;
  text: string;
  severity: Severity | null;
  box: Box;
}

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
  /** The days one screen width shows at this zoom. */
  visibleDays: number;
  /** Days from the first month's start to the last month's end. */
  totalDays: number;
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
  /** Activities and commitments that had no lane of their own, grouped. */
  clusters: TLCluster[];
  /** The items the clusters hold (for the list; they are not drawn one by one). */
  clustered: (TLActivity | TLCommitment)[];
  /** The latest date on the chart. */
  lastDate: string;
  empty: boolean;
}

/** The fields of each item the timeline reads (`timelineSource` copies just these). */
export type TLDecisionIn = Pick<Decision, "id" | "title" | "decision_date" | "status">;
export type TLQuestionIn = Pick<KeyQuestion, "id" | "title" | "decision_id" | "needed_by" | "status">;
export type TLActivityIn = Pick<Activity, "id" | "title" | "starts_at" | "status">;
export type TLCommitmentIn = Pick<Commitment, "id" | "title" | "due_date" | "status">;

export interface TLSource {
  decisions: readonly TLDecisionIn[];
  questions: readonly TLQuestionIn[];
  activities: readonly TLActivityIn[];
  /** Commitments with a due date are drawn on it. */
  commitments?: readonly TLCommitmentIn[];
  warnings: readonly Warning[];
}

/**
 * Plain copies of just the fields the timeline reads. The project in the store is deeply
 * reactive, and every read through it costs; copying once per change of the data lets zooming,
 * scrolling and resizing lay out again without going through it. The dated dialogues come
 * from the core as plain rows of these fields already (`timeline_activities`).
 */
export function timelineSource(
  p: {
    decisions: readonly TLDecisionIn[];
    key_questions: readonly TLQuestionIn[];
    commitments?: readonly TLCommitmentIn[];
  } | null,
  activities: readonly TLActivityIn[],
  warnings: readonly Warning[],
): TLSource {
  return {
    decisions: (p?.decisions ?? []).map((d) => ({ id: d.id, title: d.title, decision_date: d.decision_date, status: d.status })),
    questions: (p?.key_questions ?? []).map((q) => ({
      id: q.id,
      title: q.title,
      decision_id: q.decision_id,
      needed_by: q.needed_by,
      status: q.status,
    })),
    activities,
    commitments: (p?.commitments ?? []).map((c) => ({ id: c.id, title: c.title, due_date: c.due_date, status: c.status })),
    warnings: warnings.map((w) => ({ ...w })),
  };
}

/** Whether anything has a date to draw (cheap: no layout). */
export function hasDated(src: TLSource): boolean {
  return (
    src.decisions.some((d) => dayNumber(d.decision_date) !== null) ||
    src.questions.some((q) => dayNumber(q.needed_by) !== null || (q.decision_id !== null && src.decisions.some((d) => d.id === q.decision_id && dayNumber(d.decision_date) !== null))) ||
    src.activities.some((a) => dayNumber(a.starts_at) !== null) ||
    (src.commitments ?? []).some((c) => dayNumber(c.due_date) !== null)
  );
}

export interface TLInput extends TLSource {
  today: string;
  /** A preset, or the days one screen width shows. */
  zoom: Zoom | number;
  viewportWidth: number;
  /** The drawn width of a label (the view measures it in the real font); an estimate if left out. */
  textWidth?: TextWidth;
  /** Items (by `itemKey`) drawn on their own even where their period is grouped. */
  expanded?: ReadonlySet<string>;
  /** A cluster's visible text ("12 dialoger"); the count alone if left out. */
  clusterText?: (count: number, of: TLCluster["of"]) => string;
}

export type TextWidth = (text: string, kind: TLItem["kind"] | "cluster") => number;

const PRESET_DAYS: Record<Exclude<Zoom, "all">, number> = { quarter: 92, year: 366 };

/** The key of an item across layouts: `<kind>-<id>`, as in its test id. */
export function itemKey(item: { kind: string; id: string }): string {
  return `${item.kind}-${item.id}`;
}

export function labelWidth(s: string): number {
  return s.length * CHAR_W;
}

/** The days one screen width shows: a preset's, all of them, or a number kept within bounds. */
export function visibleDaysOf(zoom: Zoom | number, totalDays: number): number {
  if (zoom === "all") return Math.max(1, totalDays);
  if (typeof zoom === "string") return PRESET_DAYS[zoom];
  return Math.min(Math.max(MIN_DAYS, zoom), Math.max(MIN_DAYS, totalDays, PRESET_DAYS.year));
}

/** A zoom given in days, named by its preset when it is one (so the preset's button shows pressed). */
export function zoomOf(days: number, totalDays: number): Zoom | number {
  if (days === PRESET_DAYS.quarter) return "quarter";
  if (days === PRESET_DAYS.year) return "year";
  if (days === totalDays) return "all";
  return days;
}

/** One step closer (half the days), never closer than `MIN_DAYS`. */
export function zoomIn(days: number): number {
  return Math.max(MIN_DAYS, Math.round(days / 2));
}

/** One step out (twice the days), never beyond the whole project (or a year, if shorter). */
export function zoomOut(days: number, totalDays: number): number {
  return Math.min(Math.max(totalDays, PRESET_DAYS.year), Math.round(days * 2));
}

/** The days to show to see a cluster's items apart: three times its period, at least `MIN_DAYS`. */
export function clusterZoom(cluster: TLCluster, currentDays: number): number {
  const span = (dayNumber(cluster.to) ?? 0) - (dayNumber(cluster.from) ?? 0);
  return Math.min(currentDays, Math.max(MIN_DAYS, span * 3 + 7));
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
export function questionDeadline(
  q: Pick<KeyQuestion, "needed_by" | "decision_id">,
  decisions: readonly Pick<Decision, "id" | "decision_date">[],
): string | null {
  if (dayNumber(q.needed_by) !== null) return q.needed_by;
  const d = decisions.find((d) => d.id === q.decision_id);
  return d && dayNumber(d.decision_date) !== null ? d.decision_date : null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `list` in `order`: as it is when it is in order already (one pass), else sorted. */
export function inOrder<T>(list: T[], order: (a: T, b: T) => number): T[] {
  for (let i = 1; i < list.length; i += 1) {
    if (order(list[i - 1], list[i]) > 0) return list.sort(order);
  }
  return list;
}

/** The horizontal extent of a marker at `x` with its label of width `w` on `side`. */
function extent(x: number, w: number, side: "left" | "right"): [number, number] {
  return side === "right" ? [x - 16, x + LABEL_GAP + w + 4] : [x - LABEL_GAP - w - 4, x + 16];
}

/**
 * Stacks blocks of rows: each block goes to the first rows (from the top) that are free over its
 * whole extent, so blocks that do not meet in time share rows. Returns each block's first row
 * and the number of rows used.
 */
export function packBlocks(blocks: readonly { x0: number; x1: number; rows: number }[]): { row: number[]; rows: number } {
  const ends: number[] = [];
  const row = blocks.map((b) => {
    let r = 0;
    for (;;) {
      let k = 0;
      while (k < b.rows && (ends[r + k] ?? -Infinity) + ROW_GAP < b.x0) k += 1;
      if (k === b.rows) break;
      r += k + 1;
    }
    for (let k = 0; k < b.rows; k += 1) ends[r + k] = b.x1;
    return r;
  });
  return { row, rows: ends.length };
}

/**
 * Greedy lanes for markers in date order: each goes to the first lane free at its extent. Once
 * `maxLanes` are taken, a marker that fits in none is left out (lane -1), to be grouped, unless
 * it is `forced` (expanded), which opens a lane of its own.
 */
export function packLanes(
  entries: readonly { box: Box }[],
  maxLanes: number,
  forced: (index: number) => boolean,
): { lane: Int32Array; lanes: number } {
  const ends: number[] = [];
  const lane = new Int32Array(entries.length);
  entries.forEach(({ box }, i) => {
    let l = -1;
    for (let k = 0; k < ends.length; k += 1) {
      if (ends[k] + ROW_GAP < box.x0) {
        l = k;
        break;
      }
    }
    if (l === -1 && (ends.length < maxLanes || forced(i))) l = ends.length;
    if (l !== -1) ends[l] = box.x1;
    lane[i] = l;
  });
  return { lane, lanes: ends.length };
}

/**
 * The markers left out of the lanes, grouped by period: a group takes every left-out marker
 * within `span` px of its first one. Each group's count is the number of markers it holds.
 */
export function groupOverflow<T extends { x: number }>(left: readonly T[], span: number): T[][] {
  const groups: T[][] = [];
  for (const e of left) {
    const g = groups[groups.length - 1];
    if (g && e.x - g[0].x <= span) g.push(e);
    else groups.push([e]);
  }
  return groups;
}

export function layoutTimeline(input: TLInput): TLLayout {
  const { today } = input;
  const expanded = input.expanded ?? new Set<string>();
  // Many items share a day: parse each date string once.
  const days = new Map<string, number | null>();
  const dayOf = (iso: string | null | undefined): number | null => {
    if (!iso) return null;
    const key = iso.slice(0, 10);
    let n = days.get(key);
    if (n === undefined) {
      n = dayNumber(key);
      days.set(key, n);
    }
    return n;
  };
  const decisionById = new Map(input.decisions.map((d) => [d.id, d]));
  const deadlineOf = (q: TLQuestionIn): string | null => {
    if (dayOf(q.needed_by) !== null) return q.needed_by;
    const d = q.decision_id ? decisionById.get(q.decision_id) : undefined;
    return d && dayOf(d.decision_date) !== null ? d.decision_date : null;
  };
  // Sorted once on precomputed day numbers and plain string order (no locale: this runs on
  // tens of thousands of items).
  const decisions = input.decisions
    .map((d) => ({ d, day: dayOf(d.decision_date) }))
    .filter((e): e is { d: TLDecisionIn; day: number } => e.day !== null)
    .sort((a, b) => a.day - b.day || cmp(a.d.id, b.d.id))
    .map((e) => e.d);
  const questions = input.questions
    .map((q) => {
      const date = deadlineOf(q);
      return { q, date, day: dayOf(date) };
    })
    .filter((e): e is { q: TLQuestionIn; date: string; day: number } => e.day !== null)
    .sort((a, b) => a.day - b.day || cmp(a.q.id, b.q.id));
  // The core sends the dialogues in this order already: checked, not sorted again.
  const activities = inOrder(
    input.activities
      .map((a) => {
        const day = dayOf(a.starts_at);
        return { a, date: day === null ? "" : a.starts_at!.slice(0, 10), day };
      })
      .filter((e): e is { a: TLActivityIn; date: string; day: number } => e.day !== null),
    (a, b) => cmp(a.a.starts_at ?? "", b.a.starts_at ?? "") || cmp(a.a.id, b.a.id),
  );
  const commitments = (input.commitments ?? [])
    .map((c) => ({ c, day: dayOf(c.due_date) }))
    .filter((e): e is { c: TLCommitmentIn; day: number } => e.day !== null)
    .sort((a, b) => a.day - b.day || cmp(a.c.id, b.c.id));

  let lo = Infinity;
  let hi = -Infinity;
  const see = (n: number) => {
    if (n < lo) lo = n;
    if (n > hi) hi = n;
  };
  for (const d of decisions) see(dayOf(d.decision_date)!);
  for (const q of questions) see(q.day);
  for (const a of activities) see(a.day);
  for (const c of commitments) see(c.day);
  const empty = lo === Infinity;
  const lastDay = empty ? null : hi;
  const todayN = dayNumber(today);
  if (todayN !== null) see(todayN);
  if (lo === Infinity) see(0);

  const start = monthStart(lo);
  const end = nextMonth(hi);
  const total = end - start;
  const visibleDays = visibleDaysOf(input.zoom, total);
  const usable = Math.max(200, input.viewportWidth - 2 * PAD_X);
  const pxPerDay = usable / visibleDays;
  const width = Math.max(input.viewportWidth, Math.ceil(total * pxPerDay + 2 * PAD_X));
  const x = (n: number) => PAD_X + (n - start) * pxPerDay;

  const months: TLMonth[] = [];
  for (let m = start; m < end; m = nextMonth(m)) {
    const { month, year } = monthOf(m);
    months.push({ x: x(m), width: (nextMonth(m) - m) * pxPerDay, month, year });
  }

  const bySubject = new Map<string, Map<string, Warning[]>>();
  for (const w of input.warnings) {
    let ids = bySubject.get(w.subject);
    if (!ids) bySubject.set(w.subject, (ids = new Map()));
    const list = ids.get(w.id);
    if (list) list.push(w);
    else ids.set(w.id, [w]);
  }
  const none = { warnings: [] as Warning[], severity: null as Severity | null };
  const sevOf = (subject: string, id: string) => {
    const ws = bySubject.get(subject)?.get(id);
    return ws ? { warnings: ws, severity: worst(ws) } : none;
  };
  const textWidth: TextWidth = input.textWidth ?? ((s) => labelWidth(s));
  const place = (title: string, px: number, prefer: "left" | "right", kind: TLItem["kind"]) => {
    let whole = -1;
    const measure = (s: string) => {
      const w = textWidth(s, kind);
      if (s === title) whole = w;
      return w;
    };
    const p = placeLabel(title, px, width, prefer, measure);
    const w = p.label === title && whole >= 0 ? whole : textWidth(p.label, kind);
    const [x0, x1] = extent(px, w, p.labelSide);
    return { label: p.label, labelSide: p.labelSide, x0, x1 };
  };
  const rowBox = (x0: number, x1: number, y: number): Box => ({ x0, x1, y0: y - ROW_H / 2, y1: y + ROW_H / 2 });

  // Decisions with their questions, one row each, as blocks that share rows when apart in time.
  const rowsTop = AXIS_H + ROW_H / 2 + 6;
  type Row = TLDecision | TLQuestion;
  const blocks: { rows: Row[]; x0: number; x1: number }[] = [];
  type Dated = { q: TLQuestionIn; date: string; day: number };
  const questionsOf = new Map<string, Dated[]>();
  const loose: Dated[] = [];
  for (const e of questions) {
    const d = e.q.decision_id ? decisionById.get(e.q.decision_id) : undefined;
    if (d && dayOf(d.decision_date) !== null) {
      const list = questionsOf.get(d.id);
      if (list) list.push(e);
      else questionsOf.set(d.id, [e]);
    } else {
      loose.push(e);
    }
  }
  const questionRow = (e: Dated, link: TLQuestion["link"]): TLQuestion => {
    const qx = x(e.day);
    const p = place(e.q.title, qx, "left", "question");
    const x0 = link ? Math.min(p.x0, link.x - 10) : p.x0;
    const x1 = link ? Math.max(p.x1, link.x + 10) : p.x1;
    return {
      kind: "question",
      id: e.q.id,
      date: e.date,
      x: qx,
      y: 0,
      label: p.label,
      title: e.q.title,
      ...sevOf("key_question", e.q.id),
      labelSide: p.labelSide,
      box: rowBox(x0, x1, 0),
      decisionId: e.q.decision_id,
      link,
      status: e.q.status,
    };
  };
  for (const d of decisions) {
    const day = dayOf(d.decision_date)!;
    const dx = x(day);
    const p = place(d.title, dx, "right", "decision");
    const rows: Row[] = [
      {
        kind: "decision",
        id: d.id,
        date: d.decision_date!,
        x: dx,
        y: 0,
        label: p.label,
        title: d.title,
        ...sevOf("decision", d.id),
        labelSide: p.labelSide,
        box: rowBox(p.x0, p.x1, 0),
        status: d.status,
      },
    ];
    for (const e of questionsOf.get(d.id) ?? []) {
      rows.push(questionRow(e, { x: dx, y: 0, late: e.day > day }));
    }
    blocks.push({ rows, x0: Math.min(...rows.map((r) => r.box.x0)), x1: Math.max(...rows.map((r) => r.box.x1)) });
  }
  for (const e of loose) {
    const r = questionRow(e, null);
    blocks.push({ rows: [r], x0: r.box.x0, x1: r.box.x1 });
  }
  blocks.sort((a, b) => a.x0 - b.x0);
  const packed = packBlocks(blocks.map((b) => ({ x0: b.x0, x1: b.x1, rows: b.rows.length })));
  const outDecisions: TLDecision[] = [];
  const outQuestions: TLQuestion[] = [];
  blocks.forEach((b, i) => {
    const top = rowsTop + packed.row[i] * ROW_H;
    const dy = top;
    b.rows.forEach((r, k) => {
      r.y = top + k * ROW_H;
      r.box.y0 = r.y - ROW_H / 2;
      r.box.y1 = r.y + ROW_H / 2;
      if (r.kind === "question" && r.link) {
        r.link.y = dy;
        r.box.y0 = dy - ROW_H / 2;
      }
      if (r.kind === "decision") outDecisions.push(r);
      else outQuestions.push(r);
    });
  });
  const rowsEnd = rowsTop + Math.max(packed.rows, 0) * ROW_H;

  // Activities, then commitments: greedy lanes so that markers and labels do not overlap; what has
  // no lane left is grouped in clusters on a lane of their own below.
  const clusters: TLCluster[] = [];
  const clustered: (TLActivity | TLCommitment)[] = [];
  const clusterText = input.clusterText ?? ((n: number) => String(n));
  const lanes = <T extends TLActivity | TLCommitment>(items: T[], of: TLCluster["of"], top: number, maxLanes: number) => {
    const { lane, lanes: used } = packLanes(items, maxLanes, (i) => expanded.size > 0 && expanded.has(itemKey(items[i])));
    const placed: T[] = [];
    const left: T[] = [];
    items.forEach((it, i) => {
      if (lane[i] === -1) {
        left.push(it);
        return;
      }
      it.y = top + lane[i] * ROW_H;
      it.box.y0 = it.y - ROW_H / 2;
      it.box.y1 = it.y + ROW_H / 2;
      placed.push(it);
    });
    const clusterY = top + used * ROW_H;
    const span = textWidth(clusterText(9999, of), "cluster") + 28;
    for (const it of left) {
      it.y = clusterY;
      it.box.y0 = clusterY - ROW_H / 2;
      it.box.y1 = clusterY + ROW_H / 2;
      clustered.push(it);
    }
    for (const g of groupOverflow(left, span)) {
      const text = clusterText(g.length, of);
      const pillWidth = textWidth(text, "cluster") + 16;
      const pillX = Math.max(2, Math.min(g[0].x - 8, width - pillWidth - 2));
      clusters.push({
        kind: "cluster",
        of,
        key: `cluster-${of}-${g[0].id}`,
        ids: g.map((it) => it.id),
        from: g[0].date,
        to: g[g.length - 1].date,
        x: g[0].x,
        pillX,
        pillWidth,
        y: clusterY,
        text,
        severity: g.some((it) => it.severity === "error") ? "error" : g.some((it) => it.severity === "warning") ? "warning" : null,
        box: rowBox(pillX, pillX + pillWidth, clusterY),
      });
    }
    return { placed, end: top + Math.max(1, used + (left.length > 0 ? 1 : 0)) * ROW_H };
  };

  const separatorY = rowsEnd - ROW_H / 2 + 4;
  const activitiesY = rowsEnd + 22; // room for the lane heading
  const actItems: TLActivity[] = activities.map(({ a, date: d, day }) => {
    const ax = x(day);
    const p = place(a.title, ax, "right", "activity");
    return {
      kind: "activity",
      id: a.id,
      date: d,
      x: ax,
      y: 0,
      label: p.label,
      title: a.title,
      ...sevOf("activity", a.id),
      labelSide: p.labelSide,
      box: rowBox(p.x0, p.x1, 0),
      status: a.status,
    };
  });
  const act = lanes(actItems, "activity", activitiesY, MAX_ACTIVITY_LANES);
  const activitiesEnd = act.end;
  const commitmentsSeparatorY = activitiesEnd - ROW_H / 2 + 4;
  const commitmentsY = activitiesEnd + 22;
  const cmItems: TLCommitment[] = commitments.map(({ c, day }) => {
    const cx = x(day);
    const p = place(c.title, cx, "right", "commitment");
    const overdue =
      (c.status === "planned" || c.status === "in_progress") && todayN !== null && day < todayN;
    const sev = sevOf("commitment", c.id);
    return {
      kind: "commitment",
      id: c.id,
      date: c.due_date!,
      x: cx,
      y: 0,
      label: p.label,
      title: c.title,
      warnings: sev.warnings,
      severity: sev.severity ?? (overdue ? "warning" : null),
      labelSide: p.labelSide,
      box: rowBox(p.x0, p.x1, 0),
      status: c.status,
      overdue,
    };
  });
  const cm = lanes(cmItems, "commitment", commitmentsY, MAX_COMMITMENT_LANES);
  const height = commitments.length === 0 ? activitiesEnd + 8 : cm.end + 8;

  return {
    start,
    end,
    pxPerDay,
    visibleDays,
    totalDays: total,
    width,
    height,
    months,
    todayX: todayN === null ? null : x(todayN),
    decisions: outDecisions,
    questions: outQuestions,
    activities: act.placed,
    activitiesY,
    separatorY,
    commitments: cm.placed,
    commitmentsY,
    commitmentsSeparatorY,
    clusters,
    clustered,
    lastDate: fromDayNumber(lastDay ?? todayN ?? 0),
    empty,
  };
}

export interface Viewport {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface TLVisible {
  /** The months the viewport meets (grown by the margin), each with its index in `layout.months`. */
  months: { month: TLMonth; index: number }[];
  decisions: TLDecision[];
  questions: TLQuestion[];
  activities: TLActivity[];
  commitments: TLCommitment[];
  clusters: TLCluster[];
}

function meets(b: Box, v: Viewport, margin: number): boolean {
  return b.x1 >= v.left - margin && b.x0 <= v.left + v.width + margin && b.y1 >= v.top - margin && b.y0 <= v.top + v.height + margin;
}

/**
 * What to draw: the markers whose box meets the viewport grown by `margin` on every side, and
 * the one with key `keep` (the focused one) wherever it is.
 */
export function visibleItems(layout: TLLayout, v: Viewport, margin: number, keep: string | null = null): TLVisible {
  const pick = <T extends { box: Box }>(list: T[], key: (t: T) => string) =>
    list.filter((t) => meets(t.box, v, margin) || (keep !== null && key(t) === keep));
  const months: TLVisible["months"] = [];
  layout.months.forEach((month, index) => {
    if (month.x + month.width >= v.left - margin && month.x <= v.left + v.width + margin) months.push({ month, index });
  });
  return {
    months,
    decisions: pick(layout.decisions, itemKey),
    questions: pick(layout.questions, itemKey),
    activities: pick(layout.activities, itemKey),
    commitments: pick(layout.commitments, itemKey),
    clusters: pick(layout.clusters, (c) => c.key),
  };
}

/** Every marker and cluster in reading order for the arrow keys: by x, then top to bottom. */
export function keyboardOrder(layout: TLLayout): { key: string; x: number; y: number }[] {
  const all = [
    ...layout.decisions.map((t) => ({ key: itemKey(t), x: t.x, y: t.y })),
    ...layout.questions.map((t) => ({ key: itemKey(t), x: t.x, y: t.y })),
    ...layout.activities.map((t) => ({ key: itemKey(t), x: t.x, y: t.y })),
    ...layout.commitments.map((t) => ({ key: itemKey(t), x: t.x, y: t.y })),
    ...layout.clusters.map((c) => ({ key: c.key, x: c.x, y: c.y })),
  ];
  return all.sort((a, b) => a.x - b.x || a.y - b.y);
}

/**
 * Where to scroll when the chart opens: today a third in from the left, and down to the first
 * marker in that stretch of time, so the first screen shows today's line and what is near it.
 */
export function initialScroll(layout: TLLayout, viewWidth: number, viewHeight: number): { left: number; top: number } {
  const maxLeft = Math.max(0, layout.width - viewWidth);
  const maxTop = Math.max(0, layout.height - viewHeight);
  const left = layout.todayX === null ? 0 : Math.min(maxLeft, Math.max(0, layout.todayX - viewWidth / 3));
  const v = { left, top: 0, width: viewWidth, height: layout.height };
  let first = Infinity;
  for (const list of [layout.decisions, layout.questions, layout.activities, layout.commitments, layout.clusters]) {
    for (const t of list) if (t.y < first && meets(t.box, v, 0)) first = t.y;
  }
  const top = first === Infinity ? 0 : Math.min(maxTop, Math.max(0, first - AXIS_H - ROW_H));
  return { left, top };
}

/** Rows the list shows at a time, and adds at a time. */
export const LIST_PAGE = 100;

/** The index of the first row (sorted by date) dated `today` or later; the row count if none. */
export function firstFrom(rows: readonly { date: string }[], today: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].date < today) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows the list opens with: all of a short list, else a page starting at today's first row. */
export function listWindow(total: number, first: number): { from: number; to: number } {
  if (total <= LIST_PAGE) return { from: 0, to: total };
  const from = Math.max(0, Math.min(first, total - LIST_PAGE));
  return { from, to: from + LIST_PAGE };
}
