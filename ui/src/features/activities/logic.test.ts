import { describe, expect, it } from "vitest";
import { fold } from "../../lib/fold";
import type { Decision } from "../../lib/bindings/Decision";
import type { KeyQuestion } from "../../lib/bindings/KeyQuestion";
import {
  ALL_QUESTIONS_UP_TO,
  comesTooLate,
  questionChoices,
  QUESTIONS_SHOWN,
  EMPTY_FILTER,
  isTypedTime,
  liveTotal,
  parseCount,
  questionDeadline,
  toStoredTime,
  toCoreFilter,
  toTypedTime,
} from "./logic";

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

describe("the list's filter", () => {
  it("is sent to the core with blanks as none", () => {
    expect(toCoreFilter(EMPTY_FILTER)).toEqual({ status: null, method: null, from: null, to: null, key_question_id: null, segment_id: null });
    expect(toCoreFilter({ status: "held", method: "popup", from: " 2027-01-01 ", to: "2027-12-31", questionId: "q1", segmentId: "s1" })).toEqual({
      status: "held",
      method: "popup",
      from: "2027-01-01",
      to: "2027-12-31",
      key_question_id: "q1",
      segment_id: "s1",
    });
  });
  it("leaves out a period bound that is not a date (its field says so)", () => {
    expect(toCoreFilter({ ...EMPTY_FILTER, from: "not a date", to: "2027-02-30" })).toMatchObject({ from: null, to: null });
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
