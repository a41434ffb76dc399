import { describe, expect, it } from "vitest";
import { drawnList } from "./logic";

const decisions = [{ id: "d1" }, { id: "d2" }];
const questions: Record<string, { id: string }[]> = {
  d1: [{ id: "q1" }, { id: "q2" }, { id: "q3" }],
  d2: [{ id: "q4" }],
};
const unlinked = [{ id: "q5" }, { id: "q6" }];
const of = (id: string) => questions[id] ?? [];
const ids = (l: ReturnType<typeof drawnList<{ id: string }, { id: string }>>) => [
  ...l.groups.flatMap((g) => [g.decision.id, ...g.questions.map((q) => q.id)]),
  ...l.unlinked.map((q) => q.id),
];

describe("drawnList", () => {
  it("draws everything when the list is within the limit", () => {
    const l = drawnList(decisions, of, unlinked, 20, null);
    expect(ids(l)).toEqual(["d1", "q1", "q2", "q3", "d2", "q4", "q5", "q6"]);
    expect([l.drawn, l.total, l.next]).toEqual([8, 8, null]);
  });

  it("cuts inside a decision's questions and names the first item left out", () => {
    const l = drawnList(decisions, of, unlinked, 3, null);
    expect(ids(l)).toEqual(["d1", "q1", "q2"]);
    expect(l.next).toEqual({ kind: "key_question", id: "q3" });
    // A cut right after a group leaves the next decision out whole.
    const m = drawnList(decisions, of, unlinked, 4, null);
    expect(ids(m)).toEqual(["d1", "q1", "q2", "q3"]);
    expect(m.next).toEqual({ kind: "decision", id: "d2" });
  });

  it("draws nothing and offers nothing more for a project without decisions or questions", () => {
    const l = drawnList([], of, [], 200, null);
    expect([l.groups, l.unlinked, l.drawn, l.total, l.next]).toEqual([[], [], 0, 0, null]);
  });

  it("draws as far as the selected item, even past the limit", () => {
    const l = drawnList(decisions, of, unlinked, 2, { kind: "key_question", id: "q5" });
    expect(ids(l)).toEqual(["d1", "q1", "q2", "q3", "d2", "q4", "q5"]);
    expect(l.next).toEqual({ kind: "key_question", id: "q6" });
    // An unknown selection changes nothing.
    expect(ids(drawnList(decisions, of, unlinked, 2, { kind: "decision", id: "gone" }))).toEqual(["d1", "q1"]);
  });
});
