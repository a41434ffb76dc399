// What the type-ahead pickers share: how long they wait, how many they list, and how an
// activity is described beside its title.
import { datePart } from "./dates";

/** How long the activity picker waits after a keystroke before it asks the core. */
export const PICKER_DEBOUNCE_MS = 120;
/** How many activities the picker lists at once (type more to narrow). */
export const PICKER_LIMIT = 20;

/** What the picker shows beside an activity's title: its day and its place. */
export function choiceLabel(a: { starts_at: string | null; place: string }): string {
  return [datePart(a.starts_at) ?? "", a.place.trim()].filter((s) => s !== "").join(" · ");
}
