// Nyckelfrågor's list is drawn a step at a time: "Visa fler" draws the next.

/** How many items a long list draws at first, and how many more each "show more" adds. */
export const LIST_STEP = 200;

/**
 * How many of a list's items to draw: `limit`, but always as far as the selected item
 * (index `selected`, -1 for none), so an item opened from elsewhere is in the list.
 */
export function drawnCount(length: number, limit: number, selected: number): number {
  return Math.min(length, Math.max(limit, selected + 1));
}
