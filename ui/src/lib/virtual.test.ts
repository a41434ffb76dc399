import { describe, expect, it } from "vitest";
import { blockOf, drawnRange, moveBy, scrollFor } from "./virtual";

describe("drawnRange", () => {
  it("draws the rows on screen and a margin either side, not the whole list", () => {
    // 50 px rows, a 500 px view scrolled to row 100.
    expect(drawnRange(5_000, 500, 50, 10_000, 20)).toEqual({ from: 80, to: 130 });
  });
  it("stops at the ends of the list", () => {
    expect(drawnRange(0, 500, 50, 10_000, 20)).toEqual({ from: 0, to: 30 });
    expect(drawnRange(499_800, 500, 50, 10_000, 20)).toEqual({ from: 9_976, to: 10_000 });
    expect(drawnRange(0, 500, 50, 7, 20)).toEqual({ from: 0, to: 7 });
  });
  it("draws nothing of an empty list or before a row is measured", () => {
    expect(drawnRange(0, 500, 50, 0, 20)).toEqual({ from: 0, to: 0 });
    expect(drawnRange(0, 500, 0, 100, 20)).toEqual({ from: 0, to: 0 });
  });
  it("keeps the range whole when scrolled past the end (a list that just got shorter)", () => {
    expect(drawnRange(100_000, 500, 50, 30, 5)).toEqual({ from: 30, to: 30 });
  });
});

describe("blockOf", () => {
  it("asks for whole blocks covering the range", () => {
    expect(blockOf({ from: 80, to: 130 }, 50)).toEqual({ offset: 50, limit: 100 });
    expect(blockOf({ from: 100, to: 150 }, 50)).toEqual({ offset: 100, limit: 50 });
  });
  it("asks the same while a scroll stays within the blocks", () => {
    expect(blockOf({ from: 81, to: 131 }, 50)).toEqual(blockOf({ from: 99, to: 149 }, 50));
  });
  it("asks for the first block before the list's length is known", () => {
    expect(blockOf({ from: 0, to: 0 }, 50)).toEqual({ offset: 0, limit: 50 });
  });
});

describe("scrollFor", () => {
  it("leaves a row in view where it is", () => {
    expect(scrollFor(12, 50, 500, 500)).toBe(500);
    expect(scrollFor(12, 50, 500, 500, true)).toBe(500);
  });
  it("moves as little as brings a row in from above or below", () => {
    expect(scrollFor(5, 50, 500, 500)).toBe(250);
    expect(scrollFor(30, 50, 500, 500)).toBe(1_050);
  });
  it("centres a row opened from elsewhere", () => {
    expect(scrollFor(100, 50, 0, 500, true)).toBe(4_775);
    expect(scrollFor(1, 50, 5_000, 500, true)).toBe(0);
  });
});

describe("moveBy", () => {
  it("moves by one, by a screen and to the ends", () => {
    expect(moveBy("ArrowDown", 4, 100, 10)).toBe(5);
    expect(moveBy("ArrowUp", 4, 100, 10)).toBe(3);
    expect(moveBy("PageDown", 4, 100, 10)).toBe(13);
    expect(moveBy("PageUp", 40, 100, 10)).toBe(31);
    expect(moveBy("Home", 40, 100, 10)).toBe(0);
    expect(moveBy("End", 40, 100, 10)).toBe(99);
  });
  it("stays inside the list", () => {
    expect(moveBy("ArrowUp", 0, 100, 10)).toBe(0);
    expect(moveBy("ArrowDown", 99, 100, 10)).toBe(99);
    expect(moveBy("PageDown", 95, 100, 10)).toBe(99);
  });
  it("ignores other keys and empty lists", () => {
    expect(moveBy("Enter", 4, 100, 10)).toBeNull();
    expect(moveBy("ArrowDown", 0, 0, 10)).toBeNull();
  });
});
