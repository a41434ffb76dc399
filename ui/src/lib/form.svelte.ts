// One form's save state: the field errors, the line above the form, the running save. Every
// editor saves the same way: check locally, send, and on failure put Rust's error on the field
// it names (focusing it) or, when it names none, show it in an alert.
import { tick } from "svelte";
import { asCoreError } from "./api";
import { defaultFieldOf, fieldKey, firstError, type FieldErrorLike } from "./form";
import { t, tCode } from "./i18n/index.svelte";
import { showError } from "./store.svelte";

export interface FormOptions {
  /** The id of the input that shows a field's error, so focus can move there. */
  inputId: (field: string) => string;
  /** Also say "the form has errors, nothing was saved" above the form. */
  summary?: boolean;
  /** The form's key for the field an error names; null: it names none (an alert shows it). */
  fieldOf?: (err: FieldErrorLike) => string | null;
  /** The form's own wording of an error code on a field; undefined: the catalogue's `field.<code>`. */
  message?: (code: string, field: string) => string | undefined;
}

/** The readable sentence for a field error code ("Fyll i det här fältet."). */
export function fieldText(code: string): string {
  return tCode(fieldKey(code), "field.required");
}

export class Form {
  errors = $state<Record<string, string>>({});
  formError = $state("");
  saving = $state(false);
  readonly #opts: FormOptions;

  constructor(opts: FormOptions) {
    this.#opts = opts;
  }

  clear(): void {
    this.errors = {};
    this.formError = "";
  }

  /** Show errors the form found itself, before anything was sent, and focus the first. */
  async invalid(errors: Record<string, string>): Promise<void> {
    this.errors = errors;
    if (this.#opts.summary) this.formError = t("field.form_has_errors");
    await this.#focusFirst();
  }

  /** Put an error on the field it names and focus it (true); false when it names none. */
  fieldError(err: unknown): boolean {
    const ce = asCoreError(err);
    const field = (this.#opts.fieldOf ?? defaultFieldOf)(ce);
    if (field === null) return false;
    this.errors = { [field]: this.#opts.message?.(ce.code, field) ?? fieldText(ce.code) };
    if (this.#opts.summary) this.formError = t("field.form_has_errors");
    void this.#focusFirst();
    return true;
  }

  /** Show a failed save: on its field, or in an alert ("Det gick inte att spara"). */
  failed(err: unknown): void {
    if (!this.fieldError(err)) showError("error.save_title", asCoreError(err));
  }

  /** Run a save unless one is running; a failure is shown by `failed`. True when it succeeded. */
  async submit(work: () => Promise<void>): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    this.clear();
    try {
      await work();
      return true;
    } catch (err) {
      this.failed(err);
      return false;
    } finally {
      this.saving = false;
    }
  }

  async #focusFirst(): Promise<void> {
    await tick();
    const first = firstError(this.errors);
    if (first !== null) document.getElementById(this.#opts.inputId(first))?.focus();
  }
}
