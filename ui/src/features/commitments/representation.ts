// Representation: the thresholds of the underrepresented-segment rule as the settings form
// shows them (a percentage, days), and the reach panel's bars.
import type { Reach } from "../../lib/bindings/Reach";
import type { SegmentReach } from "../../lib/bindings/SegmentReach";

/** A ratio (1/3) as the percentage the form shows: "33,3" (sv) or "33.3" (en), one decimal at most. */
export function ratioPercent(ratio: number, lang: "sv" | "en" = "sv"): string {
  const p = Math.round(ratio * 1000) / 10;
  const s = Number.isInteger(p) ? String(p) : p.toFixed(1);
  return lang === "sv" ? s.replace(".", ",") : s;
}

/**
 * A percentage as typed ("33,3", "33.3", "50 %") as a ratio; null when it is not a number
 * from 0 to 100. `unchanged` is the ratio kept when the text is still what `ratioPercent`
 * showed for it (so 1/3 stays exact).
 */
export function parsePercent(text: string, unchanged?: { text: string; ratio: number }): number | null {
  if (unchanged && text.trim() === unchanged.text) return unchanged.ratio;
  const s = text.replace(/[\s\u00a0%]/g, "").replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const p = Number(s);
  return p >= 0 && p <= 100 ? p / 100 : null;
}

/** Whole days, 1 or more (at most ten years); null otherwise. */
export function parseDays(text: string): number | null {
  const s = text.trim();
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 3650 ? n : null;
}

/** The width of a bar in percent of its track, for a value out of `max` (0 when there is no max). */
export function barWidth(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  return Math.min(100, Math.round((value / max) * 1000) / 10);
}

export type { Reach };

export interface ReachRow extends SegmentReach {
  /** A priority segment whose rate is below `min_ratio` × the best rate. */
  under: boolean;
}

/** The highest rate among segments with residents (0 when none has one). */
export function bestRate(r: Reach): number {
  return Math.max(0, ...r.segments.map((s) => s.rate ?? 0));
}

/** The rows of the panel: every segment, the underreached priority ones marked. */
export function reachRows(r: Reach, minRatio: number): ReachRow[] {
  const best = bestRate(r);
  return r.segments.map((s) => ({
    ...s,
    under: s.priority && s.rate !== null && best > 0 && s.rate < best * minRatio,
  }));
}
