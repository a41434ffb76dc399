import { describe, expect, it } from "vitest";
import type { Warning } from "./bindings/Warning";
import { groupBySeverity, warningsFor, warningTarget, worst, worstById } from "./warnings";

const w = (
  code: Warning["code"],
  severity: Warning["severity"],
  subject: Warning["subject"],
  id: string,
): Warning => ({
  code,
  severity,
  subject,
  id,
  message: code,
});

const list: Warning[] = [
  w("question_without_activity", "warning", "key_question", "q1"),
  w("untagged_needs", "info", "project", ""),
  w("question_after_decision", "error", "key_question", "q2"),
  w("feedback_overdue", "warning", "activity", "a1"),
];

describe("warning grouping", () => {
  it("groups by severity in the order error, warning, info, keeping order inside a group", () => {
    const groups = groupBySeverity(list);
    expect(groups.map((g) => g.severity)).toEqual(["error", "warning", "info"]);
    expect(groups[1].warnings.map((x) => x.id)).toEqual(["q1", "a1"]);
  });

  it("leaves out empty groups", () => {
    expect(groupBySeverity([list[1]]).map((g) => g.severity)).toEqual(["info"]);
    expect(groupBySeverity([])).toEqual([]);
  });

  it("finds the warnings of one item and the worst severity", () => {
    expect(warningsFor(list, "key_question", "q2").map((x) => x.code)).toEqual(["question_after_decision"]);
    expect(warningsFor(list, "activity", "q2")).toEqual([]);
    expect(worst(list)).toBe("error");
    expect(worst([list[1]])).toBe("info");
    expect(worst([])).toBeNull();
  });

  it("links each warning to its item", () => {
    expect(warningTarget(list[2])).toEqual({ view: "nyckelfragor", kind: "key_question", id: "q2" });
    expect(warningTarget(w("decision_unprepared", "warning", "decision", "d1"))).toEqual({
      view: "nyckelfragor",
      kind: "decision",
      id: "d1",
    });
    expect(warningTarget(list[3]).view).toBe("dialoger");
    expect(warningTarget(list[1]).view).toBe("behov");
    expect(warningTarget(w("commitment_overdue", "warning", "commitment", "c1"))).toEqual({
      view: "uppfoljning",
      kind: "commitment",
      id: "c1",
    });
  });
});

describe("worstById", () => {
  const w = (subject: string, id: string, severity: "error" | "warning" | "info") =>
    ({ subject, id, severity, code: "x", message: "", title: "" }) as unknown as Warning;
  it("keeps the worst severity per item of the subject and ignores other subjects", () => {
    const m = worstById(
      [w("decision", "d1", "info"), w("decision", "d1", "error"), w("decision", "d1", "warning"), w("key_question", "d1", "error"), w("decision", "d2", "warning")],
      "decision",
    );
    expect([...m.entries()].sort()).toEqual([
      ["d1", "error"],
      ["d2", "warning"],
    ]);
  });
});
