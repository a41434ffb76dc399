import { describe, expect, it } from "vitest";
import { LATIN, fontsOf, labelFonts } from "./measure";

describe("label widths", () => {
  it("measures every Latin character in each label font, Swedish letters by their own width", () => {
    const calls = new Map<string, number>();
    const fonts = labelFonts("Test", (text, font) => {
      calls.set(font, (calls.get(font) ?? 0) + 1);
      if (font === fontsOf("Test").strong) return text === "W" ? 12 : 7;
      return text === "å" ? 7.5 : text === "W" ? 11 : 6;
    })!;
    for (const table of [fonts.strong, fonts.normal, fonts.small]) expect(table).toHaveLength(LATIN);
    expect(fonts.normal["å".charCodeAt(0)]).toBe(7.5);
    expect(fonts.small["W".charCodeAt(0)]).toBe(11);
    expect(fonts.strong["W".charCodeAt(0)]).toBe(12);
    // one measurement per character and font
    expect([...calls.values()]).toEqual([LATIN, LATIN, LATIN]);
  });

  it("never sends a width the core would refuse", () => {
    const fonts = labelFonts("Test", (text) => (text === "a" ? Number.NaN : text === "b" ? -1 : 5))!;
    expect(fonts.normal["a".charCodeAt(0)]).toBe(0);
    expect(fonts.normal["b".charCodeAt(0)]).toBe(0);
    expect(labelFonts("Test", null)).toBeNull();
  });
});
