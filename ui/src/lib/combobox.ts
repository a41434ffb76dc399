// The arrow keys of a combobox (a text field with a list of options), shared by the pickers.

/**
 * Where an arrow key takes a combobox: ArrowDown opens a closed list at the first option or
 * moves down, ArrowUp moves up in an open list; both wrap around. `null` when the key does
 * nothing here (another key, or ArrowUp on a closed list), and the field keeps the key.
 */
export function arrowStep(key: string, open: boolean, active: number, count: number): { open: boolean; active: number } | null {
  if (key === "ArrowDown") return open && count > 0 ? { open, active: (active + 1) % count } : { open: true, active: 0 };
  if (key === "ArrowUp" && open && count > 0) return { open, active: (active - 1 + count) % count };
  return null;
}
