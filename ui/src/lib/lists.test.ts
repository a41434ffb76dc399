import { describe, expect, it } from "vitest";
import { drawnCount } from "./lists";

describe("drawnCount", () => {
  it("draws up to the limit, all of a shorter list", () => {
    expect(drawnCount(10_000, 200, -1)).toBe(200);
    expect(drawnCount(15, 200, -1)).toBe(15);
  });
  it("draws as far as the selected item when it lies beyond the limit", () => {
    expect(drawnCount(10_000, 200, 4_321)).toBe(4_322);
    expect(drawnCount(10_000, 200, 10)).toBe(200);
  });
});
