// What the window tells the core to lay the chart out for (see `timeline_view`), and the
// label widths it measures once for the core.
import { api } from "../../lib/api";
import type { ClusterTexts } from "../../lib/bindings/ClusterTexts";
import type { TimelineItem } from "../../lib/bindings/TimelineItem";
import type { TimelineParams } from "../../lib/bindings/TimelineParams";
import type { Warning } from "../../lib/bindings/Warning";
import { formatNumber, t } from "../../lib/i18n/index.svelte";
import { app, today } from "../../lib/store.svelte";
import { labelFonts } from "./measure";
import type { Zoom } from "./logic";

let sent: Promise<void> | null = null;

/** The label widths measured in the chart's font and sent to the core, once per window. */
export function sendFonts(): Promise<void> {
  if (!sent) {
    const fonts = typeof document === "undefined" ? null : labelFonts(getComputedStyle(document.body).fontFamily);
    // Without them the core estimates the widths: the chart is still drawn.
    sent = fonts
      ? api.timelineFonts(fonts).then(
          () => undefined,
          () => undefined,
        )
      : Promise.resolve();
  }
  return sent ?? Promise.resolve();
}

/** A cluster's count in the window's language ("12 dialoger"), as the core writes it. */
export function clusterTexts(): ClusterTexts {
  return {
    activity_one: t("timeline.cluster.activity_one"),
    activity_many: t("timeline.cluster.activity_many"),
    commitment_one: t("timeline.cluster.commitment_one"),
    commitment_many: t("timeline.cluster.commitment_many"),
    // What the language writes between thousands ("1 000", "1,000").
    group: formatNumber(1000).slice(1, -3),
  };
}

/** The chart for the project as the window has it now, at `zoom` for a chart `width` wide. */
export function timelineParams(zoom: Zoom, width: number, expanded: ReadonlySet<string>): TimelineParams {
  return {
    version: app.version,
    zoom,
    viewport_width: width,
    today: today(),
    expanded: [...expanded],
    // Only what markers are drawn for: every call carries them, and a project's warnings about
    // its needs can be many.
    warnings: app.warnings.filter((w) => DRAWN.has(w.subject)),
    texts: clusterTexts(),
  };
}

const SUBJECT: Record<TimelineItem["kind"], Warning["subject"]> = {
  decision: "decision",
  question: "key_question",
  activity: "activity",
  commitment: "commitment",
};

/** The subjects of warnings a marker shows. */
const DRAWN: ReadonlySet<Warning["subject"]> = new Set(Object.values(SUBJECT));

/** The warnings the window holds, by what they are about (`<subject>:<id>`). */
export type WarningIndex = ReadonlyMap<string, readonly Warning[]>;

export function indexWarnings(warnings: readonly Warning[]): WarningIndex {
  const out = new Map<string, Warning[]>();
  for (const w of warnings) {
    const key = `${w.subject}:${w.id}`;
    const list = out.get(key);
    if (list) list.push(w);
    else out.set(key, [w]);
  }
  return out;
}

/** The warnings about `item`. */
export function warningsOf(index: WarningIndex, item: Pick<TimelineItem, "kind" | "id">): readonly Warning[] {
  return index.get(`${SUBJECT[item.kind]}:${item.id}`) ?? [];
}
