import { describe, expect, it } from "vitest";
import { fold } from "../../lib/fold";
import type { ActivityRow } from "../../lib/bindings/ActivityRow";
import type { Decision } from "../../lib/bindings/Decision";
import type { KeyQuestion } from "../../lib/bindings/KeyQuestion";
import {
  ALL_QUESTIONS_UP_TO,
  comesTooLate,
  questionChoices,
  QUESTIONS_SHOWN,
  dialogueOrder,
  EMPTY_FILTER,
  filterActivities,
  isTypedTime,
  liveTotal,
  parseCount,
  questionDeadline,
  toStoredTime,
  toTypedTime,
} from "./logic";

function act(id: string, startsAt: string | null, extra: Partial<ActivityRow> = {}): ActivityRow {
  return {
    id,
    title: id,
    method: "workshop",
    starts_at: startsAt,
    place: "",
    status: "held",
    key_question_ids: [],
    participant_total: 0,
    feedback_given_on: null,
    ...extra,
  };
}

describe("date and time as typed", () => {
  it("turns 'ÅÅÅÅ-MM-DD TT:MM' into the stored form and back", () => {
    expect(toStoredTime("2027-01-15 14:00")).toBe("2027-01-15T14:00");
    expect(toStoredTime(" 2027-1-5 9.30 ")).toBe("2027-01-05T09:30");
    expect(toStoredTime("2027-01-15T14:00")).toBe("2027-01-15T14:00");
    expect(toStoredTime("")).toBeNull();
    expect(toTypedTime("2027-01-15T14:00")).toBe("2027-01-15 14:00");
    expect(toTypedTime(null)).toBe("");
  });

  it("passes what it does not understand on, for Rust to refuse beside the field", () => {
    expect(toStoredTime("i morgon")).toBe("i morgon");
    expect(isTypedTime("i morgon")).toBe(false);
    expect(isTypedTime("2027-02-30 10:00")).toBe(false);
    expect(isTypedTime("2027-02-03 25:00")).toBe(false);
    expect(isTypedTime("2027-02-03 10:00")).toBe(true);
    expect(isTypedTime("")).toBe(true);
  });

  it("takes a day without a time: the time is optional", () => {
    expect(toStoredTime("2027-03-15")).toBe("2027-03-15");
    expect(toStoredTime(" 2027-3-5 ")).toBe("2027-03-05");
    expect(toTypedTime("2027-03-15")).toBe("2027-03-15");
    expect(isTypedTime("2027-03-15")).toBe(true);
    expect(isTypedTime("2027-02-30")).toBe(false);
    expect(toStoredTime("2027-03-15 kl")).toBe("2027-03-15 kl");
    expect(isTypedTime("2027-03-15 14")).toBe(false);
  });
});

describe("deadlines", () => {
  const decisions: Decision[] = [
    {
      id: "d5",
      title: "",
      description: "",
      decision_date: "2027-06-09",
      forum: "",
      status: "planned",
      outcome: "",
      brief_summary: "",
      brief_proposal: "",
    },
  ];
  const q = (needed_by: string | null): KeyQuestion => ({
    id: "q",
    title: "",
    description: "",
    decision_id: "d5",
    needed_by,
    influence_level: "dialogue",
    open_to_influence: "",
    fixed: "",
    promise: "",
    owner: "",
    status: "open",
    answer: "",
    effect_goal_ids: [],
  });

  it("is needed_by, or else the decision's date", () => {
    expect(questionDeadline(q("2027-05-14"), decisions)).toBe("2027-05-14");
    expect(questionDeadline(q(null), decisions)).toBe("2027-06-09");
  });

  it("flags an activity after the deadline, not on it", () => {
    expect(comesTooLate("2027-05-15", "2027-05-14")).toBe(true);
    expect(comesTooLate("2027-05-14", "2027-05-14")).toBe(false);
    expect(comesTooLate(null, "2027-05-14")).toBe(false);
    expect(comesTooLate("2027-05-15", null)).toBe(false);
  });
});

describe("participant counts", () => {
  it("accept whole numbers and empty; refuse negative and non-numeric", () => {
    expect(parseCount("12")).toEqual({ ok: true, value: 12 });
    expect(parseCount(" ")).toEqual({ ok: true, value: 0 });
    expect(parseCount("1 200")).toEqual({ ok: true, value: 1200 });
    expect(parseCount("-3")).toEqual({ ok: false, code: "negative" });
    expect(parseCount("tolv")).toEqual({ ok: false, code: "not_a_number" });
    expect(parseCount("2.5")).toEqual({ ok: false, code: "not_a_number" });
    expect(liveTotal(["12", "7", "x", ""])).toBe(19);
  });
});

describe("the list", () => {
  const list = [
    act("b", "2027-02-01T10:00", { status: "planned", method: "popup", key_question_ids: ["q1"] }),
    act("c", null),
    act("a", "2026-11-02T08:00", { participant_total: 3 }),
  ];

  it("lists coming dialogues first, soonest first, then held ones, newest first", () => {
    const mixed = [
      act("held-old", "2026-03-01T10:00"),
      act("planned-late", "2027-05-01T10:00", { status: "planned" }),
      act("reported", "2026-10-01T10:00", { status: "reported_back" }),
      act("planned-undated", null, { status: "planned" }),
      act("planned-soon", "2026-12-10T18:00", { status: "planned" }),
      act("held-new", "2026-11-20T09:00"),
      act("held-undated", null),
    ];
    expect(dialogueOrder(mixed).map((a) => a.id)).toEqual([
      "planned-soon",
      "planned-late",
      "planned-undated",
      "held-new",
      "reported",
      "held-old",
      "held-undated",
    ]);
  });

  it("filters by status, method, question, segment and period", () => {
    const ids = (f: Partial<typeof EMPTY_FILTER>, heard: ReadonlySet<string> | null = null) =>
      filterActivities(list, { ...EMPTY_FILTER, ...f }, heard).map((a) => a.id);
    expect(ids({ status: "planned" })).toEqual(["b"]);
    expect(ids({ method: "workshop" })).toEqual(["c", "a"]);
    expect(ids({ questionId: "q1" })).toEqual(["b"]);
    // By segment: the activities the core found with its participants; none until it answered.
    expect(ids({ segmentId: "s1" }, new Set(["a"]))).toEqual(["a"]);
    expect(ids({ segmentId: "s1" })).toEqual([]);
    expect(ids({ segmentId: "s1", method: "popup" }, new Set(["a", "b"]))).toEqual(["b"]);
    expect(ids({ from: "2027-01-01" })).toEqual(["b"]);
    expect(ids({ to: "2026-12-31" })).toEqual(["a"]);
    expect(ids({ from: "not a date" })).toEqual(["b", "c", "a"]);
  });
});

describe("questionChoices", () => {
  const row = (id: string, title: string, decisionTitle = "") => ({ q: { id, title }, decisionTitle });
  const many = Array.from({ length: 1000 }, (_, i) => row(`q${i}`, `Fråga ${i} om ${i % 2 ? "öppettider" : "rum"}`, i % 3 ? "Läsesalen" : "Stadsparken"));

  it("lists all when there are few", () => {
    const few = many.slice(0, ALL_QUESTIONS_UP_TO);
    expect(questionChoices(few, [], "")).toEqual({ shown: few, hidden: 0 });
  });
  it("lists the linked ones first, then those that fit the typed words, up to a limit", () => {
    const r = questionChoices(many, ["q998", "q3"], "");
    expect(r.shown.slice(0, 2).map((x) => x.q.id)).toEqual(["q3", "q998"]);
    expect(r.shown.length).toBe(2 + QUESTIONS_SHOWN);
    expect(r.hidden).toBe(1000 - 2 - QUESTIONS_SHOWN);
  });
  it("matches every typed word in the title or the decision, without diacritics or case", () => {
    const r = questionChoices(many, [], "OPPETTIDER stadspark");
    expect(r.shown.length).toBeGreaterThan(0);
    expect(r.shown.every((x) => x.q.title.includes("öppettider") && x.decisionTitle === "Stadsparken")).toBe(true);
    // A word must begin a word: "ttider" is inside "öppettider", not at its start.
    expect(questionChoices(many, [], "ttider").shown).toEqual([]);
    expect(questionChoices(many, [], "ingenting sådant").shown).toEqual([]);
  });
  it("folds case and diacritics", () => {
    expect(fold("Öppet på Råå")).toBe("oppet pa raa");
  });
});
