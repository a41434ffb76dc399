// Label widths in the chart's fonts, measured once on a canvas and sent to the core, which
// lays the chart out: the widths of the characters up to Latin Extended-B (which most labels
// are written in) in each label font. The core counts any other character as the widest of
// these, and adds a little for kerning and the white halo drawn around labels.
import type { LabelFonts } from "../../lib/bindings/LabelFonts";

/** Characters up to Latin Extended-B. */
export const LATIN = 0x250;

/** The CSS fonts of the labels (as .tl-svg .label, .strong, .small and clusters in app.css). */
export function fontsOf(family: string): Record<keyof LabelFonts, string> {
  return { strong: `700 12px ${family}`, normal: `12px ${family}`, small: `11.5px ${family}` };
}

/** Each label font's character widths in `family`, as `measure` gives them (a canvas by default). */
export function labelFonts(
  family: string,
  measure: ((text: string, font: string) => number) | null = canvasMeasure(),
): LabelFonts | null {
  if (!measure) return null;
  const fonts = fontsOf(family);
  const table = (font: string) => Array.from({ length: LATIN }, (_, code) => Math.max(0, measure(String.fromCharCode(code), font) || 0));
  return { strong: table(fonts.strong), normal: table(fonts.normal), small: table(fonts.small) };
}

function canvasMeasure(): ((text: string, font: string) => number) | null {
  const ctx = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  if (!ctx) return null;
  let current = "";
  return (text, font) => {
    if (font !== current) ctx.font = current = font;
    return ctx.measureText(text).width;
  };
}
