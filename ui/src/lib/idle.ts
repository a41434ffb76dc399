/**
 * Runs `work` when the window has nothing else to do (or after `timeout` ms at the latest):
 * for work done ahead of the user, which should not delay what the user is doing.
 */
export function whenIdle(work: () => void, timeout = 2000): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => work(), { timeout });
  else setTimeout(work, 300);
}
