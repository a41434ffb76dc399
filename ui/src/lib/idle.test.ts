import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { whenQuiet } from "./idle";

describe("whenQuiet", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs the work once the view has stayed the same for the quiet time", () => {
    let seq = 0;
    const work = vi.fn();
    whenQuiet(work, () => seq, 1000);
    vi.advanceTimersByTime(999);
    expect(work).not.toHaveBeenCalled();
    // Then it waits for the window to be idle (or the idle timeout).
    vi.advanceTimersByTime(1 + 2000);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it("waits again each time the view changes, and runs once in the end", () => {
    let seq = 0;
    const work = vi.fn();
    whenQuiet(work, () => seq, 1000);
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(600);
      seq += 1;
      vi.advanceTimersByTime(400);
      expect(work).not.toHaveBeenCalled();
    }
    vi.advanceTimersByTime(1000 + 2000);
    expect(work).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(work).toHaveBeenCalledTimes(1);
  });
});
