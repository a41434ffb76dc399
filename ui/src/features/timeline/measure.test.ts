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
});
