// Personal data in residents' words: the notice a form shows after a save, and the question
// before an export that would publish it (one dialog, mounted once in App.svelte).
import { api } from "./api";
import type { ExportScope } from "./bindings/ExportScope";
import type { FindingKind } from "./bindings/FindingKind";
import type { PersonalDataFinding } from "./bindings/PersonalDataFinding";
import type { TextField } from "./bindings/TextField";

/** One field of a form that holds personal data, masked. */
export interface FieldFinding {
  field: TextField;
  kind: FindingKind;
  masked: string;
}

/** What could hold personal data at all: a digit or an `@` (spares a call for most texts). */
function mayHold(text: string): boolean {
  return /[0-9@]/.test(text);
}

/** The first piece of personal data in each of `fields` that holds any. */
export async function personalDataIn(fields: Partial<Record<TextField, string>>): Promise<FieldFinding[]> {
  const out: FieldFinding[] = [];
  for (const [field, text] of Object.entries(fields) as [TextField, string | undefined][]) {
    if (!text || !mayHold(text)) continue;
    const found = await api.personalDataIn(text);
    if (found.length > 0) out.push({ field, kind: found[0].kind, masked: found[0].masked });
  }
  return out;
}

export const pdDialog = $state({
  findings: [] as PersonalDataFinding[],
  /** Set while the dialog is open: true for "export anyway", false for cancel or a jump. */
  resolve: null as null | ((anyway: boolean) => void),
  /** Where focus was when the export was asked for: it returns there when the dialog closes. */
  returnTo: null as HTMLElement | null,
});

/**
 * Before an export: whether to go ahead, and whether personal data is allowed. Nothing found:
 * go ahead. Found: the dialog lists where; "Exportera ändå" goes ahead with it allowed.
 */
export async function clearToExport(scope: ExportScope): Promise<{ go: boolean; allow: boolean }> {
  // Noted before the first await: the button that asked may be disabled while the core
  // answers, and the browser may move focus off it by the time the dialog opens.
  const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const findings = await api.personalDataInExport(scope);
  if (findings.length === 0) return { go: true, allow: false };
  const anyway = await new Promise<boolean>((resolve) => {
    pdDialog.findings = findings;
    pdDialog.returnTo = returnTo;
    pdDialog.resolve = resolve;
  });
  return { go: anyway, allow: anyway };
}
