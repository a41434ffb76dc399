import { describe, expect, it } from "vitest";
import type { Conflict } from "./bindings/Conflict";
import { fieldKey, isText, mergedText, segmentOf } from "./conflicts";

const c = (mine: Conflict["mine"], theirs: Conflict["theirs"], field = "statement"): Conflict => ({
  id: 1,
  kind: "need",
  entity_id: "n1",
  field,
  base: "old",
  mine,
  theirs,
  mine_by: "anna",
  theirs_by: "bo",
  theirs_name: null,
  at: "2026-01-01T10:00:00Z",
  resolved_at: null,
});

describe("conflicts", () => {
  it("starts a merge with both texts, mine first", () => {
    expect(mergedText(c("Mine", "Theirs"))).toBe("Mine\n\nTheirs");
  });
  it("does not repeat a text both wrote", () => {
    expect(mergedText(c("Same ", "Same"))).toBe("Same");
    expect(mergedText(c("", "Theirs"))).toBe("Theirs");
  });
  it("offers a merge for texts only", () => {
    expect(isText(c("a", "b"))).toBe(true);
    expect(isText(c(3, 5, "participants.s1"))).toBe(false);
    expect(isText(c(true, false, "important"))).toBe(false);
  });
  it("names a participant count by its segment", () => {
    expect(fieldKey("participants.s1")).toBe("conflict.field.participants");
    expect(segmentOf("participants.s1")).toBe("s1");
    expect(segmentOf("statement")).toBeNull();
  });
});
