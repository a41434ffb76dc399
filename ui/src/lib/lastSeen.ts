// The item a page has selected, as last seen: when someone else deletes it (the next read
// of the project no longer has it), its form stays open with what is typed, and saving
// offers to restore it.

/** A memory of one selected item: give it what the project now has for `id`. */
export function lastSeen<T extends { id: string }>(): (found: T | null, id: string) => T | null {
  let last: T | null = null;
  return (found, id) => {
    if (found) last = found;
    return found ?? (last?.id === id ? last : null);
  };
}
