// The project's segments and warnings for the Dialoger, Räckvidd and Data views.
// `app.project` and `app.warnings` are kept as the core sent them and replaced as a whole on
// every reload, so depending on the reference is enough, and the rows are plain objects:
// read them, never change them in place.
import type { Segment } from "../../lib/bindings/Segment";
import type { Severity } from "../../lib/bindings/Severity";
import { app } from "../../lib/store.svelte";
import { worstById } from "../../lib/warnings";

export function plainSegments(): readonly Segment[] {
  return app.project?.segments ?? [];
}

/** The worst severity of the warnings about each item of one subject ("activity", …). */
export function worstBySubject(subject: string): Map<string, Severity> {
  return worstById(app.warnings, subject);
}
