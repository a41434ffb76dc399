import type { Warning } from "./bindings/Warning";
import type { Severity } from "./bindings/Severity";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

export interface WarningGroup {
  severity: Severity;
  warnings: Warning[];
}

/** Warnings grouped by severity (error, warning, info), keeping their order; empty groups left out. */
export function groupBySeverity(warnings: readonly Warning[]): WarningGroup[] {
  return SEVERITIES.map((severity) => ({
    severity,
    warnings: warnings.filter((w) => w.severity === severity),
  })).filter((g) => g.warnings.length > 0);
}

/** The warnings about one item (`subject` as in Warning.subject, e.g. "key_question"). */
export function warningsFor(warnings: readonly Warning[], subject: string, id: string): Warning[] {
  return warnings.filter((w) => w.subject === subject && w.id === id);
}

/** The worst severity of the warnings about each item of one subject ("decision", …), by id. */
export function worstById(warnings: readonly Warning[], subject: string): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const w of warnings) {
    if (w.subject !== subject) continue;
    const had = out.get(w.id);
    if (!had || SEVERITIES.indexOf(w.severity) < SEVERITIES.indexOf(had)) out.set(w.id, w.severity);
  }
  return out;
}

/** The worst severity among `warnings`, or null. */
export function worst(warnings: readonly Warning[]): Severity | null {
  for (const s of SEVERITIES) if (warnings.some((w) => w.severity === s)) return s;
  return null;
}

export type ViewId =
  | "oversikt"
  | "tidslinje"
  | "nyckelfragor"
  | "dialoger"
  | "behov"
  | "insikter"
  | "beslutsunderlag"
  | "uppfoljning"
  | "installningar";

export interface Target {
  view: ViewId;
  kind?: "decision" | "key_question" | "activity" | "commitment" | "new_decision" | "new_question";
  id?: string;
}

/** Where a warning's item lives in the app. */
export function warningTarget(w: Warning): Target {
  switch (w.subject) {
    case "key_question":
      return { view: "nyckelfragor", kind: "key_question", id: w.id };
    case "decision":
      return { view: "nyckelfragor", kind: "decision", id: w.id };
    case "activity":
      return { view: "dialoger", kind: "activity", id: w.id };
    case "insight":
      return { view: "insikter" };
    case "segment":
      return { view: "installningar" };
    case "commitment":
      return { view: "uppfoljning", kind: "commitment", id: w.id };
    default:
      return { view: "behov" };
  }
}
