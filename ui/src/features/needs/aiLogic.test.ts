import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
// The core's duplicate threshold, as the Rust source states it.
import similarRs from "../../../../src-tauri/ai/src/similar.rs?raw";
import {
  aiPhase,
  aiText,
  DUPLICATE_THRESHOLD,
  latestAnswer,
  nearlySame,
  percent,
  progressPercent,
  snippet,
  strength,
  suggestionKey,
} from "./aiLogic";

/** A promise resolved from the outside, to control the order answers arrive in. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("latestAnswer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("asks once, after the typing stops, with the last text", async () => {
    const fetch = vi.fn((q: string) => Promise.resolve(q.toUpperCase()));
    const answers: string[] = [];
    const asker = latestAnswer({ delay: 300, fetch, answer: (a: string) => answers.push(a) });
    asker.ask("m");
    await vi.advanceTimersByTimeAsync(100);
    asker.ask("mö");
    await vi.advanceTimersByTimeAsync(299);
    asker.ask("möt");
    await vi.advanceTimersByTimeAsync(299);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith("möt");
    expect(answers).toEqual(["MÖT"]);
  });

  it("drops a slow answer to an older text that arrives after the newer one", async () => {
    const pending = new Map<string, ReturnType<typeof deferred<string>>>();
    const fetch = (q: string) => {
      const d = deferred<string>();
      pending.set(q, d);
      return d.promise;
    };
    const answers: string[] = [];
    const asker = latestAnswer({ delay: 300, fetch, answer: (a: string) => answers.push(a) });
    asker.ask("old");
    await vi.advanceTimersByTimeAsync(300);
    asker.ask("new");
    await vi.advanceTimersByTimeAsync(300);
    pending.get("new")?.resolve("answer to new");
    await vi.advanceTimersByTimeAsync(0);
    pending.get("old")?.resolve("answer to old");
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toEqual(["answer to new"]);
  });

  it("drops an answer that arrives while a newer text is still waiting for its pause", async () => {
    const d = deferred<string>();
    const answers: string[] = [];
    const asker = latestAnswer({ delay: 300, fetch: () => d.promise, answer: (a: string) => answers.push(a) });
    asker.ask("first");
    await vi.advanceTimersByTimeAsync(300);
    asker.ask("second"); // typing again: the first answer is stale from now on
    d.resolve("first answer");
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toEqual([]);
  });

  it("cancel drops both the pending question and an answer on its way; failures of stale asks are silent", async () => {
    const d = deferred<string>();
    const fetch = vi.fn(() => d.promise);
    const answers: string[] = [];
    const failures: unknown[] = [];
    const asker = latestAnswer({ delay: 300, fetch, answer: (a: string) => answers.push(a), fail: (e) => failures.push(e) });
    asker.ask("a");
    await vi.advanceTimersByTimeAsync(300);
    asker.cancel();
    d.reject(new Error("gone"));
    asker.ask("b");
    asker.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(answers).toEqual([]);
    expect(failures).toEqual([]);
  });

  it("reports a failure of the current question", async () => {
    const failures: unknown[] = [];
    const asker = latestAnswer({
      delay: 10,
      fetch: () => Promise.reject(new Error("no model")),
      answer: () => {},
      fail: (e) => failures.push(e),
    });
    asker.ask("x");
    await vi.advanceTimersByTimeAsync(10);
    expect(failures).toHaveLength(1);
  });
});

describe("aiText", () => {
  it("joins the trimmed statement and quote, and says nothing for too little text", () => {
    expect(aiText("  Längre öppettider ", " ")).toBe("Längre öppettider");
    expect(aiText("Öppet", "  Vi vill plugga sent. ")).toBe("Öppet\nVi vill plugga sent.");
    expect(aiText("", "Citat här")).toBe("Citat här");
    expect(aiText(" a ", "")).toBe("");
    expect(aiText("!?", "…")).toBe("");
    expect(aiText("åäö", "")).toBe("åäö");
  });
});

describe("scores in words", () => {
  it("names the strength by the given limits", () => {
    expect(strength(0.95, 0.8, 0.9)).toBe("strong");
    expect(strength(0.9, 0.8, 0.9)).toBe("strong");
    expect(strength(0.85, 0.8, 0.9)).toBe("medium");
    expect(strength(0.79, 0.8, 0.9)).toBe("weak");
  });
  it("gives whole percentages within 0–100", () => {
    expect(percent(0.874)).toBe(87);
    expect(percent(1.2)).toBe(100);
    expect(percent(-0.1)).toBe(0);
    expect(percent(Number.NaN)).toBe(0);
  });
});

describe("suggestionKey", () => {
  const key = (over: Partial<KeyboardEvent>) => ({ altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, code: "", key: "", ...over });
  it("maps Alt+1 … Alt+N to the suggestions shown", () => {
    expect(suggestionKey(key({ code: "Digit1", key: "¡" }), 3)).toBe(0);
    expect(suggestionKey(key({ code: "Numpad3", key: "3" }), 3)).toBe(2);
    expect(suggestionKey(key({ code: "", key: "2" }), 3)).toBe(1);
  });
  it("ignores other keys, other modifiers and numbers beyond the list", () => {
    expect(suggestionKey(key({ code: "Digit3" }), 2)).toBeNull();
    expect(suggestionKey(key({ code: "Digit1", altKey: false, key: "1" }), 3)).toBeNull();
    expect(suggestionKey(key({ code: "Digit1", ctrlKey: true }), 3)).toBeNull();
    expect(suggestionKey(key({ code: "Digit1", shiftKey: true }), 3)).toBeNull();
    expect(suggestionKey(key({ code: "KeyA", key: "a" }), 3)).toBeNull();
    expect(suggestionKey(key({ code: "Digit0", key: "0" }), 3)).toBeNull();
  });
});

describe("snippet", () => {
  it("keeps short text and cuts long text at a word", () => {
    expect(snippet("  Hemma är\n det trångt. ")).toBe("Hemma är det trångt.");
    const long = "Vi har ingenstans att vara efter sju på kvällen när allt stänger";
    const s = snippet(long, 30);
    expect(s.length).toBeLessThanOrEqual(30);
    expect(s.endsWith("…")).toBe(true);
    expect(long.startsWith(s.slice(0, -1))).toBe(true);
    expect(s).toBe("Vi har ingenstans att vara…");
  });
});

describe("the background analysis", () => {
  it("gives its progress in whole percent", () => {
    expect(progressPercent(0, 0)).toBe(0);
    expect(progressPercent(1, 3)).toBe(33);
    expect(progressPercent(3, 3)).toBe(100);
    expect(progressPercent(5, 3)).toBe(100);
  });
  it("is absent without the model, running or ready with it", () => {
    expect(aiPhase(null)).toBe("absent");
    expect(aiPhase({ installed: false, running: true })).toBe("absent");
    expect(aiPhase({ installed: true, running: true })).toBe("running");
    expect(aiPhase({ installed: true, running: false })).toBe("ready");
  });
});

describe("similar needs while capturing", () => {
  it("use the duplicate threshold the core uses", () => {
    const m = /pub const DUPLICATE_THRESHOLD: f32 = ([\d.]+);/.exec(similarRs);
    expect(m, "DUPLICATE_THRESHOLD not found in src-tauri/ai/src/similar.rs").not.toBeNull();
    expect(DUPLICATE_THRESHOLD).toBe(Number(m?.[1]));
  });
  it("keep only the needs at or above it, in order", () => {
    const found = [
      { need_id: "n1", score: 0.97 },
      { need_id: "n2", score: DUPLICATE_THRESHOLD },
      { need_id: "n3", score: DUPLICATE_THRESHOLD - 0.001 },
      { need_id: "n4", score: 0.5 },
    ];
    expect(nearlySame(found).map((f) => f.need_id)).toEqual(["n1", "n2"]);
  });
});
