// The timeline's interaction, in the window: zoom steps and keys. The chart is laid out in the
// core (`timeline_view` and its siblings), which answers the part the window shows.
import type { TimelineCluster } from "../../lib/bindings/TimelineCluster";
import type { TimelineZoom } from "../../lib/bindings/TimelineZoom";
import { dayNumber } from "../../lib/dates";

/** The preset zoom levels; a number is the count of days one screen width shows. */
export type Zoom = TimelineZoom;

export const ROW_H = 30;
export const AXIS_H = 44;
export const PAD_X = 24;
/** The closest zoom: two weeks across the screen. */
export const MIN_DAYS = 14;

const PRESET_DAYS = { quarter: 92, year: 366 };

/** The key of an item across layouts: `<kind>-<id>`, as in its test id. */
export function itemKey(item: { kind: string; id: string }): string {
  return `${item.kind}-${item.id}`;
}

/**
 * The days one screen width shows at `zoom` (as the core lays it out): known at once when the
 * zoom changes, before the core's answer comes.
 */
export function daysOf(zoom: Zoom, totalDays: number): number {
  if (zoom === "all") return Math.max(1, totalDays);
  if (typeof zoom === "string") return PRESET_DAYS[zoom];
  return Math.min(Math.max(MIN_DAYS, zoom), Math.max(MIN_DAYS, totalDays, PRESET_DAYS.year));
}

/** A zoom given in days, named by its preset when it is one (so the preset's button shows pressed). */
export function zoomOf(days: number, totalDays: number): Zoom {
  if (days === PRESET_DAYS.quarter) return "quarter";
  if (days === PRESET_DAYS.year) return "year";
  if (days === totalDays) return "all";
  return days;
}

/** One step closer (half the days), never closer than `MIN_DAYS`. */
export function zoomIn(days: number): number {
  return Math.max(MIN_DAYS, Math.round(days / 2));
}

/** One step out (twice the days), never beyond the whole project (or a year, if shorter). */
export function zoomOut(days: number, totalDays: number): number {
  return Math.min(Math.max(totalDays, PRESET_DAYS.year), Math.round(days * 2));
}

/** The days to show to see a cluster's items apart: three times its period, at least `MIN_DAYS`. */
export function clusterZoom(cluster: Pick<TimelineCluster, "from" | "to">, currentDays: number): number {
  const span = (dayNumber(cluster.to) ?? 0) - (dayNumber(cluster.from) ?? 0);
  return Math.min(currentDays, Math.max(MIN_DAYS, span * 3 + 7));
}

/** Rows the list shows at a time, and adds at a time. */
export const LIST_PAGE = 100;
