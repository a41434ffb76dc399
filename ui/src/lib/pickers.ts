// What the type-ahead pickers share: how long they wait, how many they list, what a form
// says to them, and how an activity is described beside its title.
import { datePart } from "./dates";

/** One choice as a picker lists it: its id, its name, and what is shown beside the name. */
export type PickerChoice = { id: string; label: string; detail: string };

/** What a picker's search found: the first few choices, and how many fit in all. */
export type PickerFound = { items: PickerChoice[]; total: number };

/** What a form says to a picker field. */
export interface PickerField {
  id: string;
  label: string;
  /** The chosen id; "" for none. */
  value: string;
  noneLabel: string;
  hint?: string;
  disabled?: boolean;
  required?: boolean;
  /** The id of the form's error message about this field, when there is one. */
  errorId?: string;
  testid?: string;
}

/** How long a picker waits after a keystroke before it asks the core. */
export const PICKER_DEBOUNCE_MS = 120;
/** How many choices a picker lists at once (type more to narrow). */
export const PICKER_LIMIT = 20;

/** What the picker shows beside an activity's title: its day and its place. */
export function choiceLabel(a: { starts_at: string | null; place: string }): string {
  return [datePart(a.starts_at) ?? "", a.place.trim()].filter((s) => s !== "").join(" · ");
}
