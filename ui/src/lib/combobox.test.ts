import { describe, expect, it } from "vitest";
import { arrowStep } from "./combobox";

describe("arrowStep", () => {
  it("opens a closed list at the first option", () => {
    expect(arrowStep("ArrowDown", false, 3, 5)).toEqual({ open: true, active: 0 });
  });
  it("moves down and up, wrapping at both ends", () => {
    expect(arrowStep("ArrowDown", true, 4, 5)).toEqual({ open: true, active: 0 });
    expect(arrowStep("ArrowUp", true, 0, 5)).toEqual({ open: true, active: 4 });
    expect(arrowStep("ArrowUp", true, 2, 5)).toEqual({ open: true, active: 1 });
  });
  it("leaves other keys, and ArrowUp on a closed list, to the field", () => {
    expect(arrowStep("ArrowUp", false, 0, 5)).toBeNull();
    expect(arrowStep("Enter", true, 0, 5)).toBeNull();
  });
});
