// Pure helpers for the local language model in the needs views: asking while the user types
// (debounced, stale answers dropped), the text to ask about, scores in words, the Alt+1–3
// shortcut for tag suggestions, quote snippets and the progress of the background analysis.

/** Wait this long after the last key press before asking the language model. */
export const AI_DEBOUNCE_MS = 300;
/** Text shorter than this (letters and digits, spaces not counted) is not worth asking about. */
export const MIN_AI_CHARS = 3;
/** How many tag suggestions are shown (and reachable with Alt+1 … Alt+N). */
export const MAX_TAG_SUGGESTIONS = 3;

export interface Asker<Q> {
  /** Ask about `query` once the user has paused; any answer to an earlier query is dropped. */
  ask(query: Q): void;
  /** Forget the pending question; an answer still on its way is dropped. */
  cancel(): void;
}

/**
 * Ask `fetch` about the latest query only: `ask` waits `delay` ms after its last call, and an
 * answer that arrives after a newer `ask` (or a `cancel`) is dropped, so a slow answer to an
 * old text never replaces the answer to the text now in the field.
 *
 *   const asker = latestAnswer({ delay: 300, fetch: (q) => api.x(q), answer: (a) => (list = a) });
 *   asker.ask(text);   // on every input
 *   asker.cancel();    // on destroy
 */
export function latestAnswer<Q, A>(opts: {
  delay: number;
  fetch: (query: Q) => Promise<A>;
  answer: (answer: A, query: Q) => void;
  fail?: (error: unknown, query: Q) => void;
}): Asker<Q> {
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    ask(query: Q) {
      clearTimeout(timer);
      const my = ++seq;
      timer = setTimeout(() => {
        timer = undefined;
        opts.fetch(query).then(
          (a) => {
            if (my === seq) opts.answer(a, query);
          },
          (e: unknown) => {
            if (my === seq) opts.fail?.(e, query);
          },
        );
      }, opts.delay);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      seq++;
    },
  };
}

/** Letters and digits in `s` (any script). */
function meaningfulChars(s: string): number {
  return (s.match(/[\p{L}\p{N}]/gu) ?? []).length;
}

/**
 * The text the model is asked about for a need being written: the statement, then the quote,
 * each trimmed; "" when there is too little to go on (nothing is asked then).
 */
export function aiText(statement: string, quote: string): string {
  const parts = [statement.trim(), quote.trim()].filter((p) => p !== "");
  const text = parts.join("\n");
  return meaningfulChars(text) >= MIN_AI_CHARS ? text : "";
}

export type Strength = "strong" | "medium" | "weak";

/**
 * A score (cosine similarity, 0–1) in words: how well a tag fits, how close two needs are.
 * `strong` at `high` and above, `medium` from `low`, `weak` below.
 */
export function strength(score: number, low: number, high: number): Strength {
  if (score >= high) return "strong";
  if (score >= low) return "medium";
  return "weak";
}

/** A score as a whole percentage, clamped to 0–100 (for a bar or a title, beside the words). */
export function percent(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.round(Math.min(1, Math.max(0, score)) * 100);
}

/**
 * The tag suggestion a key press adds: Alt+1 … Alt+N (N = `count`) gives 0 … N−1, anything
 * else null. Reads `code` (Digit1), so it works where Alt+digit types another character.
 */
export function suggestionKey(e: Pick<KeyboardEvent, "altKey" | "ctrlKey" | "metaKey" | "shiftKey" | "code" | "key">, count: number): number | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code) ?? /^([1-9])$/.exec(e.key);
  if (!m) return null;
  const i = Number(m[1]) - 1;
  return i < count ? i : null;
}

/** At most `max` characters of `text` on one line, cut at a word with "…" when longer. */
export function snippet(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Percentage done of the background analysis (0 when there is nothing to do yet). */
export function progressPercent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.floor((Math.min(done, total) / total) * 100);
}

/** What the language model line says: not installed, analysing, or the count analysed. */
export type AiPhase = "absent" | "running" | "ready";

export function aiPhase(s: { installed: boolean; running: boolean } | null): AiPhase {
  if (!s || !s.installed) return "absent";
  return s.running ? "running" : "ready";
}

/**
 * How well a suggested tag fits, in words: "bra" from `high`, "kanske" from `low`. A tag's
 * score is its share (0–1) of one need's suggestions over the whole codebook, so the shares
 * of all tags add up to about 1: a third or more stands out, a tenth is one of a few.
 */
export const TAG_FIT = { low: 0.1, high: 0.3 } as const;

/**
 * Needs at least this alike are listed under "Liknande behov": the core's duplicate
 * threshold (`DUPLICATE_THRESHOLD` in src-tauri/ai/src/similar.rs; a test keeps them equal).
 */
export const DUPLICATE_THRESHOLD = 0.93;

/** The needs close enough to count as saying the same (at or above DUPLICATE_THRESHOLD). */
export function nearlySame<T extends { score: number }>(found: T[]): T[] {
  return found.filter((f) => f.score >= DUPLICATE_THRESHOLD);
}

/** How many similar needs are listed while capturing. */
export const MAX_SIMILAR = 5;
/** How many pairs "Möjliga dubbletter" lists. */
export const MAX_DUPLICATE_PAIRS = 50;
