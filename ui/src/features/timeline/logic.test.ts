import { describe, expect, it } from "vitest";
import type { Activity } from "../../lib/bindings/Activity";
import type { Decision } from "../../lib/bindings/Decision";
import type { KeyQuestion } from "../../lib/bindings/KeyQuestion";
import {
  AXIS_H,
  MAX_ACTIVITY_LANES,
  MIN_DAYS,
  LIST_PAGE,
  clusterZoom,
  firstFrom,
  inOrder,
  listWindow,
  initialScroll,
  itemKey,
  keyboardOrder,
  layoutTimeline,
  packBlocks,
  placeLabel,
  questionDeadline,
  visibleItems,
  zoomIn,
  zoomOf,
  zoomOut,
} from "./logic";
import { fromDayNumber, dayNumber } from "../../lib/dates";

const decision = (id: string, date: string | null): Decision => ({
  id,
  title: `Beslut ${id}`,
  description: "",
  decision_date: date,
  forum: "",
  status: "planned",
  outcome: "",
  brief_summary: "",
  brief_proposal: "",
});
const question = (id: string, decisionId: string | null, neededBy: string | null): KeyQuestion => ({
  id,
  title: `Fråga ${id}`,
  description: "",
  decision_id: decisionId,
  needed_by: neededBy,
  influence_level: "dialogue",
  open_to_influence: "",
  fixed: "",
  promise: "",
  owner: "",
  status: "open",
  answer: "",
  effect_goal_ids: [],
});
const activity = (id: string, startsAt: string, status: Activity["status"] = "planned"): Activity => ({
  id,
  title: `Dialog ${id}`,
  method: "workshop",
  starts_at: startsAt,
  ends_at: null,
  place: "",
  organisers: "",
  status,
  key_question_ids: [],
  participants: [],
  notes: "",
  feedback: "",
  feedback_given_on: null,
});

describe("timeline layout", () => {
  const decisions = [decision("d1", "2027-05-01"), decision("d0", null)];
  const questions = [question("q1", "d1", "2027-06-01"), question("q2", "d1", null), question("q3", null, null)];
  const activities = [activity("a1", "2027-01-10T14:00"), activity("a2", "2027-01-10T18:00", "held")];

  it("uses needed_by, else the decision's date, as the deadline", () => {
    expect(questionDeadline(questions[0], decisions)).toBe("2027-06-01");
    expect(questionDeadline(questions[1], decisions)).toBe("2027-05-01");
    expect(questionDeadline(questions[2], decisions)).toBeNull();
  });

  it("places what has a date, spans whole months and marks late questions", () => {
    const l = layoutTimeline({ decisions, questions, activities, warnings: [], today: "2026-11-29", zoom: "all", viewportWidth: 1000 });
    expect(l.decisions.map((d) => d.id)).toEqual(["d1"]);
    expect(l.questions.map((q) => q.id).sort()).toEqual(["q1", "q2"]);
    expect(l.months[0]).toMatchObject({ month: 10, year: 2026 });
    expect(l.months[l.months.length - 1]).toMatchObject({ month: 5, year: 2027 });
    const q1 = l.questions.find((q) => q.id === "q1")!;
    expect(q1.link?.late).toBe(true);
    expect(q1.x).toBeGreaterThan(l.decisions[0].x);
    expect(l.questions.find((q) => q.id === "q2")!.link?.late).toBe(false);
    // same-day activities go in separate lanes
    expect(l.activities[0].y).not.toBe(l.activities[1].y);
    expect(l.todayX).not.toBeNull();
    expect(l.width).toBeLessThanOrEqual(1000);
  });

  it("zooms: a quarter is wider than the whole project", () => {
    const base = { decisions, questions, activities, warnings: [], today: "2026-11-29", viewportWidth: 1000 };
    const all = layoutTimeline({ ...base, zoom: "all" });
    const quarter = layoutTimeline({ ...base, zoom: "quarter" });
    expect(quarter.width).toBeGreaterThan(all.width);
  });

  it("marks items with warnings", () => {
    const l = layoutTimeline({
      decisions,
      questions,
      activities,
      warnings: [{ code: "question_after_decision", severity: "error", subject: "key_question", id: "q1", message: "" }],
      today: "2026-11-29",
      zoom: "year",
      viewportWidth: 1000,
    });
    expect(l.questions.find((q) => q.id === "q1")!.severity).toBe("error");
    expect(l.questions.find((q) => q.id === "q2")!.severity).toBeNull();
  });

  it("keeps a label whole and inside the chart, flipping sides before cutting", () => {
    const measure = (t: string) => t.length * 10;
    const title = "Vilka roller ska det nya stadsbiblioteket ha?"; // 45 characters, 450 px
    // room on the preferred right side: whole, on the right
    expect(placeLabel(title, 100, 1000, "right", measure)).toEqual({ label: title, labelSide: "right" });
    // near the right edge: whole, on the left
    expect(placeLabel(title, 900, 1000, "right", measure)).toEqual({ label: title, labelSide: "left" });
    // near the left edge, preferring left: whole, on the right
    expect(placeLabel(title, 20, 1000, "left", measure)).toEqual({ label: title, labelSide: "right" });
    // room on neither side: cut to the wider side, and it fits there
    const cut = placeLabel(title, 350, 600, "right", measure);
    expect(cut.labelSide).toBe("left");
    expect(cut.label.endsWith("…")).toBe(true);
    expect(measure(cut.label)).toBeLessThanOrEqual(350 - 18);
  });

  it("lays out whole titles when the chart is wide enough", () => {
    const long = { ...decision("d1", "2027-03-01"), title: "Ett beslut med en mycket lång titel som inte ska kortas av" };
    const l = layoutTimeline({
      decisions: [long],
      questions: [],
      activities: [],
      warnings: [],
      today: "2027-01-01",
      zoom: "all",
      viewportWidth: 1200,
    });
    expect(l.decisions[0].label).toBe(long.title);
  });

  it("draws commitments with a due date in their own lanes below the activities, overdue ones marked", () => {
    const base = {
      description: "",
      owner: "",
      reason: "",
      decision_id: null,
      history: [],
      insight_ids: [],
      need_ids: [],
      key_question_ids: [],
      segment_ids: [],
    };
    const l = layoutTimeline({
      decisions: [decision("d1", "2027-03-01")],
      questions: [],
      activities: [],
      commitments: [
        { ...base, id: "c1", title: "Kvällsöppet", due_date: "2027-01-15", status: "planned" },
        { ...base, id: "c2", title: "Klart", due_date: "2027-01-20", status: "done" },
        { ...base, id: "c3", title: "Utan datum", due_date: null, status: "planned" },
      ],
      warnings: [],
      today: "2027-02-01",
      zoom: "all",
      viewportWidth: 1200,
    });
    expect(l.commitments.map((c) => c.id)).toEqual(["c1", "c2"]);
    expect(l.commitments[0].overdue).toBe(true);
    expect(l.commitments[0].severity).toBe("warning");
    expect(l.commitments[1].overdue).toBe(false);
    expect(l.commitments[1].severity).toBeNull();
    for (const c of l.commitments) expect(c.y).toBeGreaterThan(l.commitmentsSeparatorY);
    expect(l.commitmentsSeparatorY).toBeGreaterThan(l.activitiesY);
    expect(l.height).toBeGreaterThan(Math.max(...l.commitments.map((c) => c.y)));
  });

  it("puts a decision's questions under it and lets blocks apart in time share rows", () => {
    const l = layoutTimeline({
      decisions: [decision("d1", "2027-01-15"), decision("d2", "2027-09-15")],
      questions: [question("q1", "d1", "2027-01-01"), question("q2", "d2", "2027-09-01")],
      activities: [],
      warnings: [],
      today: "2027-01-01",
      zoom: "quarter",
      viewportWidth: 1000,
    });
    const [d1, d2] = l.decisions;
    const q1 = l.questions.find((q) => q.id === "q1")!;
    const q2 = l.questions.find((q) => q.id === "q2")!;
    expect(q1.y).toBeGreaterThan(d1.y);
    expect(q1.link?.y).toBe(d1.y);
    expect(q2.link?.y).toBe(d2.y);
    // eight months apart at quarter zoom: the same two rows
    expect(d2.y).toBe(d1.y);
    expect(packBlocks([{ x0: 0, x1: 100, rows: 2 }, { x0: 50, x1: 300, rows: 1 }, { x0: 400, x1: 500, rows: 3 }])).toEqual({
      row: [0, 2, 0],
      rows: 3,
    });
  });
});

describe("the timeline at scale", () => {
  const many = (n: number, from: string, days: number, prefix = "a"): Activity[] => {
    const start = dayNumber(from)!;
    return Array.from({ length: n }, (_, i) => activity(`${prefix}${i}`, `${fromDayNumber(start + (i % days))}T10:00`));
  };
  const big = (extra: Partial<Parameters<typeof layoutTimeline>[0]> = {}) =>
    layoutTimeline({
      decisions: [],
      questions: [],
      activities: many(10_000, "2026-01-01", 5 * 365),
      warnings: [],
      today: "2028-06-15",
      zoom: "year",
      viewportWidth: 1000,
      ...extra,
    });

  it("groups what has no lane: lanes stay few and every activity is drawn or counted once", () => {
    const l = big();
    const lanes = new Set(l.activities.map((a) => a.y));
    expect(lanes.size).toBeLessThanOrEqual(MAX_ACTIVITY_LANES);
    expect(l.clusters.length).toBeGreaterThan(0);
    const counted = l.clusters.reduce((n, c) => n + c.ids.length, 0);
    expect(l.activities.length + counted).toBe(10_000);
    const seen = new Set([...l.activities.map((a) => a.id), ...l.clusters.flatMap((c) => c.ids)]);
    expect(seen.size).toBe(10_000);
    // clusters sit on their own lane below the single markers and do not overlap each other
    for (const c of l.clusters) expect(c.y).toBeGreaterThan(Math.max(...l.activities.map((a) => a.y)));
    const pills = l.clusters.map((c) => [c.pillX, c.pillX + c.pillWidth]).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < pills.length; i += 1) expect(pills[i][0]).toBeGreaterThanOrEqual(pills[i - 1][1]);
    expect(l.height).toBeLessThan(AXIS_H + 40 * (MAX_ACTIVITY_LANES + 2));
  });

  it("an expanded cluster's activities are drawn one by one after zooming in on its period", () => {
    const l = big();
    const c = l.clusters[Math.floor(l.clusters.length / 2)];
    const days = clusterZoom(c, l.visibleDays);
    expect(days).toBeLessThan(l.visibleDays);
    const closer = big({ zoom: days, expanded: new Set(c.ids.map((id) => itemKey({ kind: "activity", id }))) });
    const drawn = new Set(closer.activities.map((a) => a.id));
    for (const id of c.ids) expect(drawn.has(id)).toBe(true);
    expect(closer.clusters.some((k) => k.ids.some((id) => c.ids.includes(id)))).toBe(false);
  });

  it("draws only what is on screen: 10,000 activities, one screen", () => {
    const l = big({ zoom: 60 });
    const view = { left: l.todayX! - 300, top: 0, width: 1000, height: 700 };
    const v = visibleItems(l, view, 0);
    const n = v.activities.length + v.clusters.length;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(200);
    for (const a of v.activities) {
      expect(a.box.x1).toBeGreaterThanOrEqual(view.left);
      expect(a.box.x0).toBeLessThanOrEqual(view.left + view.width);
    }
    // everything drawn in the window, nothing left out of it
    const inView = l.activities.filter((a) => a.box.x1 >= view.left && a.box.x0 <= view.left + view.width);
    expect(v.activities.length).toBe(inView.length);
    // the focused marker stays drawn wherever it is
    const far = l.activities[0];
    expect(visibleItems(l, view, 0, itemKey(far)).activities).toContain(far);
    // the month axis too: the months the window meets, each with its place in the whole axis
    expect(v.months.length).toBeGreaterThan(0);
    expect(v.months.length).toBeLessThan(l.months.length);
    for (const { month, index } of v.months) {
      expect(l.months[index]).toBe(month);
      expect(month.x + month.width).toBeGreaterThanOrEqual(view.left);
      expect(month.x).toBeLessThanOrEqual(view.left + view.width);
    }
    const met = l.months.filter((m) => m.x + m.width >= view.left && m.x <= view.left + view.width);
    expect(v.months.map((m) => m.month)).toEqual(met);
  });

  it("opens on today with the markers near it in view", () => {
    const decisions = Array.from({ length: 120 }, (_, i) => decision(`d${i}`, fromDayNumber(dayNumber("2026-01-01")! + i * 15)));
    const questions = decisions.flatMap((d, i) =>
      Array.from({ length: 8 }, (_, k) => question(`q${i}-${k}`, d.id, fromDayNumber(dayNumber(d.decision_date)! - 14 - k * 9))),
    );
    const l = big({ decisions, questions, zoom: "quarter" });
    const vw = 1000;
    const vh = 600;
    const s = initialScroll(l, vw, vh);
    expect(l.todayX!).toBeGreaterThanOrEqual(s.left);
    expect(l.todayX!).toBeLessThanOrEqual(s.left + vw);
    expect(s.left).toBeGreaterThan(0);
    const v = visibleItems(l, { left: s.left, top: s.top + AXIS_H, width: vw, height: vh - AXIS_H }, 0);
    expect(v.decisions.length + v.questions.length).toBeGreaterThan(0);
  });

  it("zooms in and out within bounds and orders markers for the arrow keys", () => {
    expect(zoomIn(366)).toBe(183);
    expect(zoomIn(20)).toBe(MIN_DAYS);
    expect(zoomOut(366, 2000)).toBe(732);
    expect(zoomOut(1500, 2000)).toBe(2000);
    expect(zoomOf(zoomOut(zoomIn(366), 2000), 2000)).toBe("year");
    expect(zoomOf(2000, 2000)).toBe("all");
    expect(zoomOf(45, 2000)).toBe(45);
    const l = big({ activities: many(30, "2028-06-01", 30) });
    const order = keyboardOrder(l);
    expect(order.length).toBe(l.activities.length + l.clusters.length);
    for (let i = 1; i < order.length; i += 1) expect(order[i].x).toBeGreaterThanOrEqual(order[i - 1].x);
  });

  it("the list opens on a page from today, or whole when short", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ date: fromDayNumber(dayNumber("2026-01-01")! + i) }));
    const first = firstFrom(rows, "2027-01-01");
    expect(rows[first].date).toBe("2027-01-01");
    expect(rows[first - 1].date < "2027-01-01").toBe(true);
    expect(listWindow(1000, first)).toEqual({ from: first, to: first + LIST_PAGE });
    expect(listWindow(1000, 990)).toEqual({ from: 1000 - LIST_PAGE, to: 1000 });
    expect(listWindow(40, 30)).toEqual({ from: 0, to: 40 });
    expect(firstFrom(rows, "2030-01-01")).toBe(1000);
  });
});

describe("inOrder", () => {
  const byNumber = (a: number, b: number) => a - b;
  it("keeps a list that is in order as it is, and sorts one that is not", () => {
    const sorted = [1, 2, 2, 5];
    expect(inOrder(sorted, byNumber)).toBe(sorted);
    expect(inOrder([3, 1, 2], byNumber)).toEqual([1, 2, 3]);
    expect(inOrder([1, 2, 4, 3], byNumber)).toEqual([1, 2, 3, 4]);
    expect(inOrder([], byNumber)).toEqual([]);
  });
});
