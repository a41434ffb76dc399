import { describe, expect, it } from "vitest";
import { barWidth, bestRate, parseDays, parsePercent, ratioPercent, reachRows, type Reach } from "./representation";

describe("ratioPercent", () => {
  it("shows a ratio as a percentage with a decimal comma in Swedish", () => {
    expect(ratioPercent(1 / 3)).toBe("33,3");
    expect(ratioPercent(1 / 3, "en")).toBe("33.3");
    expect(ratioPercent(0.5)).toBe("50");
  });
});

describe("parsePercent", () => {
  it("reads a percentage with comma, point or a percent sign", () => {
    expect(parsePercent("50")).toBe(0.5);
    expect(parsePercent("12,5")).toBe(0.125);
    expect(parsePercent("12.5 %")).toBe(0.125);
    expect(parsePercent("0")).toBe(0);
  });
  it("keeps the exact ratio when the text is unchanged", () => {
    expect(parsePercent("33,3", { text: "33,3", ratio: 1 / 3 })).toBe(1 / 3);
    expect(parsePercent("33,4", { text: "33,3", ratio: 1 / 3 })).toBeCloseTo(0.334);
  });
  it("refuses what is not 0–100", () => {
    expect(parsePercent("101")).toBeNull();
    expect(parsePercent("-5")).toBeNull();
    expect(parsePercent("hälften")).toBeNull();
    expect(parsePercent("")).toBeNull();
  });
});

describe("parseDays", () => {
  it("reads whole days of 1 or more", () => {
    expect(parseDays(" 60 ")).toBe(60);
    expect(parseDays("0")).toBeNull();
    expect(parseDays("1,5")).toBeNull();
    expect(parseDays("")).toBeNull();
  });
});

describe("barWidth", () => {
  it("is the value's share of the max in percent, capped at 100", () => {
    expect(barWidth(1, 4)).toBe(25);
    expect(barWidth(5, 4)).toBe(100);
    expect(barWidth(1, 0)).toBe(0);
  });
});

describe("reachRows", () => {
  const seg = (id: string, priority: boolean, residents: number | null, participants: number) => ({
    segment_id: id,
    name: id,
    priority,
    residents,
    participants,
    rate: residents ? participants / residents : null,
  });
  const r: Reach = {
    activity_ids: ["a1"],
    segments: [seg("A", true, 2000, 40), seg("B", false, 500, 20), seg("C", true, null, 5), seg("D", true, 1000, 5)],
    score: 0.125,
  };

  it("marks priority segments reached less than the threshold times the best rate", () => {
    expect(bestRate(r)).toBe(0.04);
    // threshold 1/3 of 4 % = 1,33 %: A (2 %) is fine, D (0,5 %) is underreached
    expect(reachRows(r, 1 / 3).map((x) => [x.segment_id, x.under])).toEqual([
      ["A", false],
      ["B", false],
      ["C", false],
      ["D", true],
    ]);
    // threshold 60 % of 4 % = 2,4 %: A too
    expect(reachRows(r, 0.6).filter((x) => x.under).map((x) => x.segment_id)).toEqual(["A", "D"]);
  });

  it("marks nothing when no segment has residents", () => {
    const bare: Reach = { ...r, segments: r.segments.map((s) => ({ ...s, residents: null, rate: null })), score: null };
    expect(reachRows(bare, 1).some((x) => x.under)).toBe(false);
  });
});
