// Label widths in the chart's fonts, fast enough for tens of thousands of labels: each
// character is measured once per font (on a canvas) and a label's width is the sum of its
// characters', with a little added for kerning and the white halo drawn around labels.
import type { TLItem } from "./logic";

type Kind = TLItem["kind"] | "cluster";

/** Characters up to Latin Extended-B, which most labels are written in. */
const LATIN = 0x250;

/** The CSS font a kind of label is drawn in (as .tl-svg .label, .strong, .small and clusters). */
export function fontOf(kind: Kind, family: string): string {
  if (kind === "decision" || kind === "cluster") return `700 12px ${family}`;
  if (kind === "activity") return `11.5px ${family}`;
  return `12px ${family}`;
}

/**
 * A measure of label widths in `family`, from the characters' widths as `measure` gives them
 * (a canvas by default). Never less than the real width: sums of characters ignore kerning,
 * which only brings letters closer, and 2% is added on top.
 */
export function charWidths(
  family: string,
  measure: ((text: string, font: string) => number) | null = canvasMeasure(),
): ((text: string, kind: Kind) => number) | null {
  if (!measure) return null;
  // Per font: the widths of the first LATIN characters in an array (0 for not yet measured),
  // the rest in a map.
  const tables = new Map<string, { latin: Float64Array; rest: Map<number, number> }>();
  return (text, kind) => {
    const font = fontOf(kind, family);
    let table = tables.get(font);
    if (!table) tables.set(font, (table = { latin: new Float64Array(LATIN), rest: new Map() }));
    const { latin, rest } = table;
    let w = 0;
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      let cw = code < LATIN ? latin[code] : (rest.get(code) ?? 0);
      if (cw === 0) {
        cw = measure(text[i], font);
        if (code < LATIN) latin[code] = cw;
        else rest.set(code, cw);
      }
      w += cw;
    }
    return w * 1.02 + 4;
  };
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
