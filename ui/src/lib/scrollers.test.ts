import { describe, expect, it } from "vitest";

// Every stylesheet of the app: the components' <style> blocks and app.css.
const sources = import.meta.glob("../**/*.{svelte,css}", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

/** The selectors of rules that both scroll (overflow auto or scroll) and round their corners. */
function roundedScrollers(css: string): string[] {
  const found: string[] = [];
  for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const body = m[2];
    const radius = /border-radius\s*:\s*([^;}]*)/.exec(body)?.[1].trim();
    if (/overflow(-x|-y)?\s*:\s*(auto|scroll)/.test(body) && radius !== undefined && !/^0(px)?$/.test(radius)) {
      found.push(m[1].trim());
    }
  }
  return found;
}

describe("boxes that scroll", () => {
  it("finds a rounded scroller in a rule, and leaves a square one or a rounded box that does not scroll", () => {
    expect(roundedScrollers(".a { overflow: auto; border-radius: 8px; }")).toEqual([".a"]);
    expect(roundedScrollers(".b { overflow-y: scroll; border-radius: var(--radius); }")).toEqual([".b"]);
    expect(roundedScrollers(".c { overflow: auto; border-radius: 0; } .d { border-radius: 8px; }")).toEqual([]);
  });

  // WebKit composites the whole page from the first rounded box that scrolls, which without a
  // GPU costs 0.7 s once and slows every later view (see .tl-scroll in app.css).
  it("have square corners everywhere in the app", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    const rounded = Object.entries(sources).flatMap(([file, css]) => roundedScrollers(css).map((sel) => `${file}: ${sel}`));
    expect(rounded).toEqual([]);
  });
});
