import { describe, expect, it } from "vitest";
import { landOn, listRows, rowOf, type ListRow } from "./logic";

type Item = { id: string };
const decisions = [{ id: "d1" }, { id: "d2" }];
const questions: Record<string, Item[]> = {
  d1: [{ id: "q1" }, { id: "q2" }, { id: "q3" }],
  d2: [{ id: "q4" }],
};
const unlinked = [{ id: "q5" }, { id: "q6" }];
const of = (d: Item) => questions[d.id] ?? [];
const shape = (rows: ListRow<Item, Item>[]) =>
  rows.map((r) => `${r.kind === "decision" ? r.decision.id : r.kind === "key_question" ? r.question.id : "–"} ${r.pos}/${r.size}`);

describe("listRows", () => {
  it("lists each decision before its questions, then the questions of no decision under a heading", () => {
    expect(shape(listRows(decisions, of, unlinked))).toEqual(["d1 1/3", "q1 1/3", "q2 2/3", "q3 3/3", "d2 2/3", "q4 1/1", "– 3/3", "q5 1/2", "q6 2/2"]);
  });

  it("has no heading when every question has a decision, and no rows for an empty project", () => {
    expect(shape(listRows(decisions, of, []))).toEqual(["d1 1/2", "q1 1/3", "q2 2/3", "q3 3/3", "d2 2/2", "q4 1/1"]);
    expect(listRows([], of, [])).toEqual([]);
    expect(shape(listRows([], of, unlinked))).toEqual(["– 1/1", "q5 1/2", "q6 2/2"]);
  });
});

describe("rowOf", () => {
  const rows = listRows(decisions, of, unlinked);
  it("finds a decision and a question, and nothing for what is not there", () => {
    expect(rowOf(rows, { kind: "decision", id: "d2" })).toBe(4);
    expect(rowOf(rows, { kind: "key_question", id: "q6" })).toBe(8);
    expect(rowOf(rows, { kind: "decision", id: "q1" })).toBe(-1);
    expect(rowOf(rows, { kind: "key_question", id: "gone" })).toBe(-1);
    expect(rowOf(rows, null)).toBe(-1);
  });
});

describe("landOn", () => {
  const rows = listRows(decisions, of, unlinked);
  it("steps over the heading in the direction of the move", () => {
    expect(landOn(rows, 6, 5)).toBe(7);
    expect(landOn(rows, 6, 7)).toBe(5);
    expect(landOn(rows, 6, 2)).toBe(7);
    expect(landOn(rows, 3, 2)).toBe(3);
  });

  it("steps back when the heading is the first row and the move goes up", () => {
    const only = listRows([], of, unlinked);
    expect(landOn(only, 0, 2)).toBe(1);
    expect(landOn(only, 0, 0)).toBe(1);
  });
});
