/**
 * Runs `work` when the window has nothing else to do (or after `timeout` ms at the latest):
 * for work done ahead of the user, which should not delay what the user is doing.
 */
export function whenIdle(work: () => void, timeout = 2000): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => work(), { timeout });
  else setTimeout(work, 300);
}

/**
 * Runs `work` once `seq()` (a counter bumped on every change of view) has stayed the same
 * for `quietMs`, and then when the window is idle: work ahead that would slow each view of
 * someone clicking through them waits until they stay on one.
 */
export function whenQuiet(work: () => void, seq: () => number, quietMs: number): void {
  const at = seq();
  setTimeout(() => (seq() === at ? whenIdle(work) : whenQuiet(work, seq, quietMs)), quietMs);
}
