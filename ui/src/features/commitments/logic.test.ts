import { describe, expect, it } from "vitest";
import type { Commitment } from "../../lib/bindings/Commitment";
import {
  commitmentErrors,
  commitmentsOfInsight,
  countCommitments,
  groupCommitments,
  isOverdue,
  newCommitment,
  parseResidents,
  sortCommitments,
} from "./logic";

const TODAY = "2027-03-10";

function c(id: string, over: Partial<Commitment> = {}): Commitment {
  return { ...newCommitment(), id, title: `Löfte ${id}`, ...over };
}

describe("isOverdue", () => {
  it("is planned or in progress with a due date before today", () => {
    expect(isOverdue(c("a", { due_date: "2027-03-09" }), TODAY)).toBe(true);
    expect(isOverdue(c("a", { due_date: "2027-03-09", status: "in_progress" }), TODAY)).toBe(true);
  });
  it("is not due today, undated, done or dropped", () => {
    expect(isOverdue(c("a", { due_date: TODAY }), TODAY)).toBe(false);
    expect(isOverdue(c("a"), TODAY)).toBe(false);
    expect(isOverdue(c("a", { due_date: "2027-01-01", status: "done" }), TODAY)).toBe(false);
    expect(isOverdue(c("a", { due_date: "2027-01-01", status: "dropped" }), TODAY)).toBe(false);
  });
});

describe("sortCommitments", () => {
  it("puts overdue ones first, then by due date with undated last", () => {
    const list = [
      c("undated"),
      c("later", { due_date: "2027-06-01" }),
      c("done-late", { due_date: "2027-01-01", status: "done" }),
      c("overdue", { due_date: "2027-02-01" }),
      c("sooner", { due_date: "2027-04-01" }),
    ];
    expect(sortCommitments(list, TODAY).map((x) => x.id)).toEqual(["overdue", "done-late", "sooner", "later", "undated"]);
  });
});

describe("groupCommitments", () => {
  const list = [
    c("a", { decision_id: "d2", owner: "Kim", status: "done", due_date: "2027-01-01" }),
    c("b", { decision_id: "d1", owner: "Alva", due_date: "2027-05-01" }),
    c("c", { decision_id: null, owner: "", due_date: "2027-02-01" }),
    c("d", { decision_id: "d1", owner: "Kim", status: "dropped", reason: "Ingen budget" }),
  ];
  const titles: Record<string, string> = { d1: "Öppettider", d2: "Bygglov" };

  it("groups by decision: the group with something overdue first, the one without a decision last", () => {
    const groups = groupCommitments([...list, c("e", { decision_id: "d2" })], "decision", TODAY, (id) => titles[id]);
    expect(groups.map((g) => g.key)).toEqual(["", "d2", "d1"]);
    expect(groups[0].overdue).toBe(1);
    expect(groups[2].items.map((x) => x.id)).toEqual(["b", "d"]);
  });

  it("groups by owner alphabetically, no owner last unless overdue", () => {
    const groups = groupCommitments(list.slice(0, 2).concat(list[3], c("f", { owner: "" })), "owner", TODAY);
    expect(groups.map((g) => g.key)).toEqual(["Alva", "Kim", ""]);
  });

  it("groups by status in the status order", () => {
    const groups = groupCommitments(list, "status", TODAY);
    expect(groups.map((g) => g.key)).toEqual(["planned", "done", "dropped"]);
    expect(groups[0].items.map((x) => x.id)).toEqual(["c", "b"]);
  });
});

describe("countCommitments", () => {
  it("counts each status and the overdue ones", () => {
    const n = countCommitments(
      [c("a", { due_date: "2027-01-01" }), c("b", { status: "in_progress" }), c("c", { status: "done" }), c("d", { status: "dropped" })],
      TODAY,
    );
    expect(n).toEqual({ planned: 1, in_progress: 1, done: 1, dropped: 1, overdue: 1 });
  });
});

describe("commitmentErrors", () => {
  it("requires a reason when dropped", () => {
    expect(commitmentErrors({ title: "X", status: "dropped", reason: " " })).toEqual({ reason: "required" });
    expect(commitmentErrors({ title: "X", status: "dropped", reason: "Ingen budget" })).toEqual({});
    expect(commitmentErrors({ title: "X", status: "planned", reason: "" })).toEqual({});
  });
  it("requires a title", () => {
    expect(commitmentErrors({ title: "", status: "planned", reason: "" })).toEqual({ title: "required" });
  });
});

describe("commitmentsOfInsight", () => {
  it("lists the commitments that name the insight", () => {
    const list = [c("a", { insight_ids: ["i1"] }), c("b", { insight_ids: ["i2", "i1"] }), c("x")];
    expect(commitmentsOfInsight(list, "i1").map((x) => x.id)).toEqual(["a", "b"]);
  });
});

describe("parseResidents", () => {
  it("reads whole numbers with or without spaces", () => {
    expect(parseResidents("12 345")).toBe(12345);
    expect(parseResidents("12\u00a0345")).toBe(12345);
    expect(parseResidents("0")).toBe(0);
    expect(parseResidents("")).toBeNull();
  });
  it("refuses negative, fractions and words", () => {
    expect(parseResidents("-5")).toBe("invalid");
    expect(parseResidents("1,5")).toBe("invalid");
    expect(parseResidents("många")).toBe("invalid");
  });
});
