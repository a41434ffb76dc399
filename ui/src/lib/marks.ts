// Performance marks the measurement (tests/e2e/measure.mjs) reads from the page. Where the
// page has no User Timing (a test's DOM), they are left out.

/** Mark `name` now. */
export function mark(name: string): void {
  if (typeof performance?.mark === "function") performance.mark(name);
}

/** Mark `name` in the next frame: when what was just changed has been drawn. */
export function markDrawn(name: string): void {
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => mark(name));
}
