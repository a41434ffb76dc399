// Plain (non-reactive) copies of the project's activities, segments and warnings for the
// Dialoger, Räckvidd and Data views. `app.project` and `app.warnings` are replaced as a whole
// on every reload, so depending on the reference is enough; reading a plain copy instead of
// the deep $state proxy keeps lists of hundreds of activities fast (no tracked read per field).
import { untrack } from "svelte";
import type { Activity } from "../../lib/bindings/Activity";
import type { Segment } from "../../lib/bindings/Segment";
import type { Severity } from "../../lib/bindings/Severity";
import { app } from "../../lib/store.svelte";
import type { Warning } from "../../lib/bindings/Warning";
import { worstById } from "../../lib/warnings";

export function plainActivities(): Activity[] {
  const p = app.project;
  return p ? untrack(() => $state.snapshot(p.activities) as Activity[]) : [];
}

export function plainSegments(): Segment[] {
  const p = app.project;
  return p ? untrack(() => $state.snapshot(p.segments) as Segment[]) : [];
}

/** The worst severity of the warnings about each item of one subject ("activity", …). */
export function worstBySubject(subject: string): Map<string, Severity> {
  const ws = app.warnings;
  return untrack(() => worstById($state.snapshot(ws) as Warning[], subject));
}
