import { describe, expect, it } from "vitest";
import type { Activity } from "../../lib/bindings/Activity";
import type { Decision } from "../../lib/bindings/Decision";
import type { KeyQuestion } from "../../lib/bindings/KeyQuestion";
import { layoutTimeline, placeLabel, questionDeadline } from "./logic";

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
});
