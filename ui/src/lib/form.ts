// Where a save's error belongs in a form: the pure part of the form helper (form.svelte.ts).

/** What a form needs of an error: its code, and the form field it names, if any. */
export interface FieldErrorLike {
  code: string;
  field?: string;
}

/** A field name without its index: "need_ids[3]" → "need_ids", "levels[2].name" → "levels". */
export function baseField(field: string): string {
  return field.replace(/\[.*$/, "");
}

/** The default: the field Rust names, without an index; an error without a field belongs to none. */
export function defaultFieldOf(err: FieldErrorLike): string | null {
  return err.field ? baseField(err.field) : null;
}

/** The catalogue key that words a field error of this code (`field.required`, `field.too_long` …). */
export function fieldKey(code: string): string {
  return `field.${code}`;
}

/** The form key of the first error (the one focus goes to), or null when there is none. */
export function firstError(errors: Record<string, string>): string | null {
  return Object.keys(errors)[0] ?? null;
}
