import { describe, expect, it } from "vitest";
import { choiceLabel } from "./pickers";

describe("choiceLabel", () => {
  it("gives the day without the time, and the place", () => {
    expect(choiceLabel({ starts_at: "2026-11-14T10:00", place: "Råå bibliotek" })).toBe("2026-11-14 · Råå bibliotek");
  });
  it("leaves out what is not known", () => {
    expect(choiceLabel({ starts_at: null, place: "  " })).toBe("");
    expect(choiceLabel({ starts_at: "2027-01-12", place: "" })).toBe("2027-01-12");
  });
});
