// Conflicts two people's edits left: what a choice writes, and how a field is named.
import type { Conflict } from "./bindings/Conflict";

export type FieldValue = Conflict["mine"];

/** A text field can be merged by hand; a number or a yes/no only kept as one side. */
export function isText(c: Conflict): boolean {
  return (typeof c.mine === "string" || c.mine === null) && (typeof c.theirs === "string" || c.theirs === null);
}

/** The starting text of "Slå ihop": mine, then theirs, each once. */
export function mergedText(c: Conflict): string {
  const mine = typeof c.mine === "string" ? c.mine.trim() : "";
  const theirs = typeof c.theirs === "string" ? c.theirs.trim() : "";
  if (mine === theirs || theirs === "") return mine;
  if (mine === "") return theirs;
  return `${mine}\n\n${theirs}`;
}

/** The catalogue key of a field's name (`participants.<segment>` → participants), or null. */
export function fieldKey(field: string): string {
  return `conflict.field.${field.startsWith("participants.") ? "participants" : field}`;
}

/** The segment a participant count belongs to, or null for any other field. */
export function segmentOf(field: string): string | null {
  return field.startsWith("participants.") ? field.slice("participants.".length) : null;
}
