// The UI's three tiers: views/ (one page per navigation entry) → features/<area>/ (their
// panels, forms and logic) → lib/ (what every tier shares). Imports flow that way only.
import { describe, expect, it } from "vitest";

// Every source file's text as it is on disk (Vite reads it raw; the UI has no Node typings).
const sources = import.meta.glob(["./**/*.ts", "./**/*.svelte"], { query: "?raw", import: "default", eager: true }) as Record<
  string,
  string
>;

/** `spec` (a relative import) seen from `file`, both relative to src/: "features/needs/logic". */
function resolve(file: string, spec: string): string {
  const parts = file.split("/").slice(0, -1);
  for (const p of spec.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts.join("/");
}

function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => resolve(file, m[1]));
}

/** "views", "features/needs", "lib", … : where a path under src/ belongs. */
function tier(rel: string): string {
  const [top, area] = rel.split("/");
  return top === "features" ? `features/${area}` : top;
}

const files = Object.entries(sources).map(([key, text]) => {
  const rel = key.replace(/^\.\//, "");
  return { rel, imports: importsOf(rel, text) };
});

function offending(from: (tier: string) => boolean, to: (tier: string) => boolean): string[] {
  return files
    .filter((f) => from(tier(f.rel)))
    .flatMap((f) => f.imports.filter((i) => to(tier(i))).map((i) => `${f.rel} imports ${i}`));
}

describe("layers", () => {
  it("sees the source files and their imports", () => {
    expect(files.some((f) => f.rel.startsWith("views/"))).toBe(true);
    expect(files.some((f) => f.rel.startsWith("features/") && f.imports.some((i) => i.startsWith("lib/")))).toBe(true);
  });

  it("lib imports neither features nor views", () => {
    expect(offending((t) => t === "lib", (t) => t.startsWith("features/") || t === "views")).toEqual([]);
  });

  it("features do not import views", () => {
    expect(offending((t) => t.startsWith("features/"), (t) => t === "views")).toEqual([]);
  });

  it("pages do not import each other", () => {
    expect(offending((t) => t === "views", (t) => t === "views")).toEqual([]);
  });

  it("feature areas do not import each other in a cycle", () => {
    const edges = new Map<string, Set<string>>();
    for (const f of files) {
      const from = tier(f.rel);
      if (!from.startsWith("features/")) continue;
      for (const to of f.imports.map(tier)) {
        if (to.startsWith("features/") && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    const cycles: string[] = [];
    const walk = (node: string, trail: string[]) => {
      if (trail.includes(node)) {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(" → "));
        return;
      }
      for (const next of edges.get(node) ?? []) walk(next, [...trail, node]);
    };
    for (const start of edges.keys()) walk(start, []);
    expect(cycles).toEqual([]);
  });
});
