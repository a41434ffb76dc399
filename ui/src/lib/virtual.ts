// A long list drawn a screen at a time: its rows are all one height, so which of them are on
// screen follows from the scroll position, and the rest of the list is empty space of the
// right height. The core serves the rows in blocks as the list scrolls.

/** Rows `from` (inclusive) to `to` (exclusive). */
export type RowRange = { from: number; to: number };

/** A part of the list to ask the core for. */
export type RowBlock = { offset: number; limit: number };

/**
 * The rows to draw: those in the `viewHeight` from `scrollTop` down, and `overscan` more on
 * either side so that a short scroll shows no gap while the next rows are asked for.
 */
export function drawnRange(scrollTop: number, viewHeight: number, rowHeight: number, total: number, overscan: number): RowRange {
  if (total <= 0 || rowHeight <= 0) return { from: 0, to: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewHeight)) / rowHeight);
  const from = Math.min(total, Math.max(0, first - overscan));
  const to = Math.min(total, Math.max(from, last + overscan));
  return { from, to };
}

/**
 * The rows to ask for so that `range` is covered: whole blocks of `block` rows, so that a
 * scroll within a block asks nothing new. An empty range asks for the first block (the list's
 * length is not known before the first answer).
 */
export function blockOf(range: RowRange, block: number): RowBlock {
  if (range.to <= range.from) return { offset: 0, limit: block };
  const offset = Math.floor(range.from / block) * block;
  const end = Math.ceil(range.to / block) * block;
  return { offset, limit: end - offset };
}

/**
 * The scroll position that shows row `index`: unchanged when the row is in view already, else
 * the least move that brings it in (or, with `centre`, the row in the middle).
 */
export function scrollFor(index: number, rowHeight: number, scrollTop: number, viewHeight: number, centre = false): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (centre) {
    if (top >= scrollTop && bottom <= scrollTop + viewHeight) return scrollTop;
    return Math.max(0, top - (viewHeight - rowHeight) / 2);
  }
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewHeight) return Math.max(0, bottom - viewHeight);
  return scrollTop;
}

/**
 * Where a key moves the current row of a list of `total` rows, `page` of them on screen:
 * the arrows by one, Page Up and Page Down by a screen, Home and End to the ends. Null for
 * any other key.
 */
export function moveBy(key: string, index: number, total: number, page: number): number | null {
  if (total <= 0) return null;
  const step = Math.max(1, page - 1);
  const to =
    key === "ArrowDown"
      ? index + 1
      : key === "ArrowUp"
        ? index - 1
        : key === "PageDown"
          ? index + step
          : key === "PageUp"
            ? index - step
            : key === "Home"
              ? 0
              : key === "End"
                ? total - 1
                : null;
  return to === null ? null : Math.min(total - 1, Math.max(0, to));
}
