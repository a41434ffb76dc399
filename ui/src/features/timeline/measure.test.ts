import { describe, expect, it } from "vitest";
import { charWidths, fontOf } from "./measure";

describe("label widths", () => {
  it("measures each character once per font and never comes out short", () => {
    const calls: string[] = [];
    // a font where "W" is wide, kerning pairs ("AV") narrower than their letters
    const width = (s: string) => [...s].reduce((n, c) => n + (c === "W" ? 11 : 6), 0) - (s.includes("AV") ? 2 : 0);
    const measure = charWidths("Test", (text, font) => {
      calls.push(`${font}|${text}`);
      return width(text);
    })!;
    const a = measure("AVW", "activity");
    expect(a).toBeGreaterThanOrEqual(width("AVW"));
    expect(a).toBeLessThan(width("AVW") * 1.1 + 6);
    measure("WAVA", "activity");
    expect(calls.filter((c) => c === `${fontOf("activity", "Test")}|W`)).toHaveLength(1);
    // another font measures again
    measure("W", "decision");
    expect(calls).toContain(`${fontOf("decision", "Test")}|W`);
    expect(measure("", "question")).toBe(4);
  });

  it("measures characters beyond the Latin ones once too, and Swedish letters by their own width", () => {
    const calls: string[] = [];
    const measure = charWidths("Test", (text) => {
      calls.push(text);
      return text === "€" ? 9 : text === "å" ? 7 : 5;
    })!;
    expect(measure("€ å", "question")).toBeCloseTo((9 + 5 + 7) * 1.02 + 4);
    expect(measure("å€€", "question")).toBeCloseTo((7 + 9 + 9) * 1.02 + 4);
    expect(calls.filter((c) => c === "€")).toHaveLength(1);
    expect(calls.filter((c) => c === "å")).toHaveLength(1);
  });
});
