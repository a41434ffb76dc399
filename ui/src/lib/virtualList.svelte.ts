// A long list drawn a screen at a time, as a view holds it: the scroll box, the rows on screen,
// their measured height, and the keyboard's way through it (the arrows, Page Up/Down, Home and
// End move the current row; Tab enters the list once, at that row). The view draws the rows of
// `range` with `data-index` on each row's button and pads the list above and below; which rows
// those are, and where they come from, is the view's.
import { tick, untrack } from "svelte";
import { drawnRange, moveBy, scrollFor, type RowRange } from "./virtual";

export type VirtualListOptions = {
  /** How many rows the list has. */
  total: () => number;
  /** A row's height before one is measured. */
  rowGuess: number;
  /** Rows drawn beyond the screen on either side. */
  overscan: number;
  /** The selector of a drawn row, measured for the rows' height (text zoom changes it). */
  rowSelector: string;
  /**
   * Where the keyboard lands when a key moves it from `from` to `to`: `to` unless that row
   * takes no focus (a heading), then the nearest that does.
   */
  land?: (to: number, from: number) => number;
};

export class VirtualList {
  scroller = $state<HTMLElement | null>(null);
  scrollTop = $state(0);
  viewHeight = $state(0);
  /** Every row's height (the rows are one height), measured once one is drawn. */
  rowHeight = $state(0);
  /** The row the keyboard is on. */
  cursor = $state(0);
  /** A row to focus as soon as it is drawn (after a key moved to a row not yet there). */
  #pendingFocus = -1;
  #options: VirtualListOptions;

  /** The rows to draw: those on screen and the overscan either side. */
  range: RowRange;
  /** Tab's way in: the keyboard's row while it is drawn, else the first row in view that takes focus. */
  tabStop: number;
  /** Space above and below the drawn rows, for the rows not drawn. */
  padTop: number;
  padBottom: number;

  /** Made while a component is set up (it keeps the row height and the scroll in step). */
  constructor(options: VirtualListOptions) {
    this.#options = options;
    this.rowHeight = options.rowGuess;
    this.range = $derived(drawnRange(this.scrollTop, this.viewHeight || 600, this.rowHeight, options.total(), options.overscan));
    this.tabStop = $derived.by(() => {
      if (this.cursor >= this.range.from && this.cursor < this.range.to) return this.cursor;
      const first = Math.min(Math.max(0, options.total() - 1), Math.floor(this.scrollTop / this.rowHeight));
      // A heading takes no focus: the row after it does.
      return options.land ? options.land(first, first) : first;
    });
    this.padTop = $derived(this.range.from * this.rowHeight);
    this.padBottom = $derived(Math.max(0, options.total() - this.range.to) * this.rowHeight);
    // Measured from the first row drawn.
    $effect(() => {
      void this.range;
      const row = this.scroller?.querySelector<HTMLElement>(options.rowSelector);
      const h = row?.getBoundingClientRect().height ?? 0;
      if (h > 0 && Math.abs(h - untrack(() => this.rowHeight)) > 0.5) this.rowHeight = h;
    });
    // A scroll box drawn again (back from another tab) shows the list where it was left.
    $effect(() => {
      const el = this.scroller;
      if (el) untrack(() => (el.scrollTop = this.scrollTop));
    });
  }

  onscroll = () => {
    if (this.scroller) this.scrollTop = this.scroller.scrollTop;
  };

  /** Scrolls the box to `top` (and the drawn rows with it). */
  scrollTo(top: number) {
    if (this.scroller) {
      this.scroller.scrollTop = top;
      this.scrollTop = this.scroller.scrollTop;
    } else this.scrollTop = 0;
  }

  /** Back to the first row, as for a list whose rows changed. */
  reset() {
    this.cursor = 0;
    this.scrollTo(0);
  }

  /** Scrolls row `index` into view (with `centre`, into the middle unless it is in view). */
  async bringIntoView(index: number, centre = false) {
    await tick();
    const el = this.scroller;
    if (!el) return;
    const top = scrollFor(index, this.rowHeight, el.scrollTop, el.clientHeight, centre);
    if (top !== el.scrollTop) this.scrollTo(top);
  }

  /** Focuses the row a key moved to, once it is drawn. Call again when rows arrive. */
  async focusPending() {
    if (this.#pendingFocus < 0) return;
    await tick();
    const el = this.scroller?.querySelector<HTMLElement>(`[data-index="${this.#pendingFocus}"]`);
    if (el) {
      this.#pendingFocus = -1;
      el.focus();
    }
  }

  onkeydown = async (e: KeyboardEvent) => {
    const visibleRows = Math.max(1, Math.floor((this.scroller?.clientHeight ?? 0) / this.rowHeight));
    const moved = moveBy(e.key, this.cursor, this.#options.total(), visibleRows);
    if (moved === null) return;
    e.preventDefault();
    const to = this.#options.land ? this.#options.land(moved, this.cursor) : moved;
    this.cursor = to;
    this.#pendingFocus = to;
    await this.bringIntoView(to);
    await this.focusPending();
  };

  onfocusin = (e: FocusEvent) => {
    const i = (e.target as HTMLElement | null)?.closest<HTMLElement>("[data-index]")?.dataset.index;
    if (i !== undefined) this.cursor = Number(i);
  };
}
