// Pure logic of the needs workspace (Behov, capture, codebook, matrix): filters, the tag
// tree, type-ahead ranking, selection ranges, pinned tags and keyboard shortcuts. No Svelte,
// no IPC: everything here is unit-tested in logic.test.ts.
import type { MatrixCell } from "../../lib/bindings/MatrixCell";
import type { NeedFilter } from "../../lib/bindings/NeedFilter";
import type { Tag } from "../../lib/bindings/Tag";

/** Needs per page in every list (the Rust side allows at most 500). */
export const PAGE_SIZE = 100;
/** Keys 1–9 toggle the pinned tags. */
export const MAX_PINS = 9;
/** Longest statement or quote `save_need` accepts (characters, as the user counts them). */
export const MAX_NEED_TEXT = 20_000;
/** Wait this long after the last key before searching. */
export const SEARCH_DEBOUNCE_MS = 250;

// ---- filters ----------------------------------------------------------------------------

export function emptyFilter(): NeedFilter {
  return {
    text: "",
    tag_ids: [],
    tag_mode: "any",
    include_children: true,
    segment_id: null,
    activity_id: null,
    key_question_id: null,
    important_only: false,
    untagged_only: false,
    meaning: false,
  };
}

/** The filter as sent to Rust: text trimmed, "" in selects turned into null, tags unique. */
export function buildFilter(f: NeedFilter): NeedFilter {
  const opt = (v: string | null) => (v && v.trim() !== "" ? v : null);
  return {
    text: f.text.trim(),
    tag_ids: [...new Set(f.tag_ids)],
    tag_mode: f.tag_mode === "all" ? "all" : "any",
    include_children: f.include_children,
    segment_id: opt(f.segment_id),
    activity_id: opt(f.activity_id),
    key_question_id: opt(f.key_question_id),
    important_only: f.important_only,
    untagged_only: f.untagged_only,
    meaning: f.meaning,
  };
}

/** True when the filter narrows the list at all (the tag mode and the children switch alone do not). */
export function isFiltering(f: NeedFilter): boolean {
  const b = buildFilter(f);
  return (
    b.text !== "" ||
    b.tag_ids.length > 0 ||
    b.segment_id !== null ||
    b.activity_id !== null ||
    b.key_question_id !== null ||
    b.important_only ||
    b.untagged_only
  );
}

/** A stable key for a filter, to tell whether a reload is needed. */
export function filterKey(f: NeedFilter): string {
  return JSON.stringify(buildFilter(f));
}

/** The filter with one tag added or removed. */
export function toggleFilterTag(f: NeedFilter, tagId: string): NeedFilter {
  const has = f.tag_ids.includes(tagId);
  return { ...f, tag_ids: has ? f.tag_ids.filter((t) => t !== tagId) : [...f.tag_ids, tagId] };
}

// ---- text -----------------------------------------------------------------------------

import { fold } from "../../lib/fold";
import { bySv } from "../../lib/collate";

export { fold };

/** Number of characters as the user counts them (an emoji is one). */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * The first of a need's texts that is longer than Rust accepts (refused here already, with the
 * same limit), and its length; null when both fit.
 */
export function tooLongText(texts: { statement: string; quote: string }): { field: "statement" | "quote"; n: number } | null {
  for (const field of ["statement", "quote"] as const) {
    const n = charCount(texts[field]);
    if (n > MAX_NEED_TEXT) return { field, n };
  }
  return null;
}

export function byName(a: { name: string }, b: { name: string }): number {
  return bySv(a.name, b.name);
}

// ---- the tag tree ------------------------------------------------------------------------

export interface TagNode {
  tag: Tag;
  depth: number;
  children: TagNode[];
}

export interface FlatTag {
  tag: Tag;
  depth: number;
}

/**
 * The codebook as a tree, each level sorted by name. A tag whose parent is missing sits at
 * the top; a cycle (which Rust refuses, but a hand-made file might hold) is broken, never
 * followed for ever.
 */
export function tagTree(tags: readonly Tag[]): TagNode[] {
  const ids = new Set(tags.map((t) => t.id));
  const kids = new Map<string | null, Tag[]>();
  for (const t of tags) {
    const p = t.parent_id && ids.has(t.parent_id) && t.parent_id !== t.id ? t.parent_id : null;
    const list = kids.get(p) ?? [];
    list.push(t);
    kids.set(p, list);
  }
  const seen = new Set<string>();
  const build = (parent: string | null, depth: number): TagNode[] =>
    (kids.get(parent) ?? [])
      .slice()
      .sort(byName)
      .filter((t) => !seen.has(t.id))
      .map((t) => {
        seen.add(t.id);
        return { tag: t, depth, children: build(t.id, depth + 1) };
      });
  const roots = build(null, 0);
  // Tags caught in a cycle were never reached from a root: show them at the top.
  for (const t of tags.slice().sort(byName)) {
    if (!seen.has(t.id)) {
      seen.add(t.id);
      roots.push({ tag: t, depth: 0, children: build(t.id, 1) });
    }
  }
  return roots;
}

/** The tree in reading order, with each tag's depth. */
export function flattenTree(nodes: readonly TagNode[]): FlatTag[] {
  const out: FlatTag[] = [];
  const walk = (ns: readonly TagNode[]) => {
    for (const n of ns) {
      out.push({ tag: n.tag, depth: n.depth });
      walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/** A tag and every tag below it. */
export function descendantIds(tags: readonly Tag[], id: string): Set<string> {
  const out = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of tags) {
      if (t.parent_id && out.has(t.parent_id) && !out.has(t.id)) {
        out.add(t.id);
        grew = true;
      }
    }
  }
  return out;
}

/** Where a tag may be moved: every tag but itself and its descendants (no cycles). */
export function moveTargets(tags: readonly Tag[], id: string): FlatTag[] {
  const excluded = descendantIds(tags, id);
  return flattenTree(tagTree(tags)).filter((f) => !excluded.has(f.tag.id));
}

/** The tags a tag can be merged into: every other tag. */
export function mergeTargets(tags: readonly Tag[], id: string): FlatTag[] {
  return flattenTree(tagTree(tags)).filter((f) => f.tag.id !== id);
}

/** The chain of tags from the top down to `id` (cycle-safe). */
export function ancestry(tags: readonly Tag[], id: string): Tag[] {
  const byId = new Map(tags.map((t) => [t.id, t]));
  const chain: Tag[] = [];
  const seen = new Set<string>();
  let cur = byId.get(id);
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    chain.unshift(cur);
    cur = cur.parent_id ? byId.get(cur.parent_id) : undefined;
  }
  return chain;
}

/** The top-level theme a tag belongs to (itself when it is at the top). */
export function themeOf(tags: readonly Tag[], id: string): string | null {
  return ancestry(tags, id)[0]?.id ?? null;
}

/** "Invånarnas mötesplats › Öppettider". */
export function tagPath(tags: readonly Tag[], id: string): string {
  return ancestry(tags, id)
    .map((t) => t.name)
    .join(" › ");
}

/**
 * Type-ahead: the tags whose name matches what was typed (diacritics and case ignored),
 * best first: whole name starts with it, then a word starts with it, then anywhere; the
 * tags in `exclude` (already chosen) are left out.
 */
export function suggestTags(tags: readonly Tag[], query: string, exclude: readonly string[] = [], limit = 8): Tag[] {
  const q = fold(query.trim());
  const skip = new Set(exclude);
  const pool = tags.filter((t) => !skip.has(t.id));
  if (q === "") return pool.slice().sort(byName).slice(0, limit);
  const scored: { tag: Tag; score: number }[] = [];
  for (const t of pool) {
    const name = fold(t.name);
    let score = -1;
    if (name === q) score = 0;
    else if (name.startsWith(q)) score = 1;
    else if (name.split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(q))) score = 2;
    else if (name.includes(q)) score = 3;
    if (score >= 0) scored.push({ tag: t, score });
  }
  scored.sort((a, b) => a.score - b.score || byName(a.tag, b.tag));
  return scored.slice(0, limit).map((s) => s.tag);
}

/** True when a tag with exactly this name (case and diacritics aside) exists. */
export function hasTagNamed(tags: readonly Tag[], name: string): boolean {
  const q = fold(name.trim());
  return tags.some((t) => fold(t.name) === q);
}

/** Colours offered for new tags (all ≥ 4.5:1 against white, so they also work as text). */
export const TAG_COLORS = ["#1f5f99", "#b5452a", "#6a3d9a", "#2e7d32", "#0f6e74", "#8d5524", "#a33b5c", "#46617a"];

export function isColor(s: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(s.trim());
}

/** A colour for the next new tag: the first palette colour not yet used, else by count. */
export function nextColor(tags: readonly Tag[]): string {
  const used = new Set(tags.map((t) => t.color.toLowerCase()));
  return TAG_COLORS.find((c) => !used.has(c)) ?? TAG_COLORS[tags.length % TAG_COLORS.length];
}

// ---- selection ---------------------------------------------------------------------------

/** The ids from `anchor` to `target` inclusive, in list order (just `target` without an anchor on the page). */
export function rangeIds(ids: readonly string[], anchor: string | null, target: string): string[] {
  const b = ids.indexOf(target);
  if (b < 0) return [];
  const a = anchor === null ? -1 : ids.indexOf(anchor);
  if (a < 0) return [target];
  const [from, to] = a <= b ? [a, b] : [b, a];
  return ids.slice(from, to + 1);
}

/** Shift+click: every row between the anchor and the clicked one takes the clicked row's new state. */
export function selectRange(
  selected: ReadonlySet<string>,
  ids: readonly string[],
  anchor: string | null,
  target: string,
  on: boolean,
): Set<string> {
  const out = new Set(selected);
  for (const id of rangeIds(ids, anchor, target)) {
    if (on) out.add(id);
    else out.delete(id);
  }
  return out;
}

export function toggleId(selected: ReadonlySet<string>, id: string): Set<string> {
  const out = new Set(selected);
  if (out.has(id)) out.delete(id);
  else out.add(id);
  return out;
}

/** How much of the page is selected: for the tri-state "Select all on page" box. */
export function pageSelection(selected: ReadonlySet<string>, pageIds: readonly string[]): "none" | "some" | "all" {
  if (pageIds.length === 0) return "none";
  const n = pageIds.filter((id) => selected.has(id)).length;
  return n === 0 ? "none" : n === pageIds.length ? "all" : "some";
}

/** "Select all on page" clicked: select the whole page, or clear it when it was all selected. */
export function togglePage(selected: ReadonlySet<string>, pageIds: readonly string[]): Set<string> {
  const out = new Set(selected);
  if (pageSelection(selected, pageIds) === "all") for (const id of pageIds) out.delete(id);
  else for (const id of pageIds) out.add(id);
  return out;
}

// ---- pinned tags -------------------------------------------------------------------------

/** Pin or unpin a tag; a tenth pin is refused (the list comes back unchanged). */
export function togglePin(pins: readonly string[], id: string): string[] {
  if (pins.includes(id)) return pins.filter((p) => p !== id);
  if (pins.length >= MAX_PINS) return [...pins];
  return [...pins, id];
}

/** Pins whose tag still exists (a merge or delete may have removed one). */
export function livePins(pins: readonly string[], tags: readonly Tag[]): string[] {
  const ids = new Set(tags.map((t) => t.id));
  return pins.filter((p) => ids.has(p)).slice(0, MAX_PINS);
}

/**
 * Keys 1–9 toggle a pinned tag on the targets: when every target already has it the tag is
 * removed from them all, otherwise it is added to those that lack it.
 */
export function pinToggleAdds(targetsTagIds: readonly (readonly string[])[], tagId: string): boolean {
  return !(targetsTagIds.length > 0 && targetsTagIds.every((tags) => tags.includes(tagId)));
}

// ---- keyboard ----------------------------------------------------------------------------

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

export type ListAction =
  | { kind: "move"; delta: 1 | -1; extend: boolean }
  | { kind: "first" }
  | { kind: "last" }
  | { kind: "toggle" }
  | { kind: "pin"; index: number }
  | { kind: "edit" }
  | { kind: "delete" }
  | { kind: "select_page" }
  | { kind: "clear" }
  | { kind: "search" }
  | { kind: "undo" };

/** The list's keyboard shortcuts (the visible help in Behov lists the same). */
export function listKeyAction(e: KeyLike): ListAction | null {
  const mod = !!(e.ctrlKey || e.metaKey);
  if (mod && !e.altKey && !e.shiftKey && (e.key === "z" || e.key === "Z")) return { kind: "undo" };
  if (mod && !e.altKey && (e.key === "a" || e.key === "A")) return { kind: "select_page" };
  if (mod || e.altKey) return null;
  switch (e.key) {
    case "j":
    case "J":
    case "ArrowDown":
      return { kind: "move", delta: 1, extend: !!e.shiftKey };
    case "k":
    case "K":
    case "ArrowUp":
      return { kind: "move", delta: -1, extend: !!e.shiftKey };
    case "Home":
      return { kind: "first" };
    case "End":
      return { kind: "last" };
    case " ":
    case "x":
    case "X":
      return { kind: "toggle" };
    case "Enter":
    case "e":
    case "E":
      return { kind: "edit" };
    case "Delete":
      return { kind: "delete" };
    case "Escape":
      return { kind: "clear" };
    case "/":
      return { kind: "search" };
  }
  if (/^[1-9]$/.test(e.key)) return { kind: "pin", index: Number(e.key) - 1 };
  return null;
}

/** Ctrl+Z (⌘Z): the workspace's undo. */
export function isUndoKey(e: KeyLike): boolean {
  return !!(e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key === "z" || e.key === "Z");
}

/** What Enter does in a capture field: save the need, or (Shift+Enter) a new line; an open suggestion list takes Enter itself. */
export function captureEnter(e: KeyLike & { isComposing?: boolean }, listOpen = false): "save" | "newline" | null {
  if (e.key !== "Enter" || e.isComposing) return null;
  if (e.shiftKey) return "newline";
  if (listOpen || e.ctrlKey || e.metaKey || e.altKey) return null;
  return "save";
}

/** Where the browser's own text editing (and its own Ctrl+Z) must win over our shortcuts. */
export function isTextEntry(el: EventTarget | null): boolean {
  if (!el || typeof (el as HTMLElement).tagName !== "string") return false;
  const h = el as HTMLElement;
  if (h.isContentEditable) return true;
  const tag = h.tagName.toLowerCase();
  if (tag === "textarea") return true;
  if (tag === "select") return true;
  if (tag !== "input") return false;
  const type = ((h as HTMLInputElement).type || "text").toLowerCase();
  return !["checkbox", "radio", "button", "submit", "reset", "color", "range", "file"].includes(type);
}

/** Where Ctrl+Z belongs to the text field (its own undo of typing), not to the workspace. */
export function ownsUndo(el: EventTarget | null): boolean {
  return isTextEntry(el) && (el as HTMLElement).tagName.toLowerCase() !== "select";
}

// ---- matrix ------------------------------------------------------------------------------

export interface MatrixRow {
  tag: Tag;
  depth: number;
  counts: Record<string, number>;
  total: number;
}

/**
 * Rows of the tag × segment matrix. `themes`: one row per top-level tag, counting the taggings
 * with the theme or any tag below it; `all`: every tag, direct taggings only.
 */
export function matrixRows(
  tags: readonly Tag[],
  segmentIds: readonly string[],
  cells: readonly MatrixCell[],
  mode: "themes" | "all",
): MatrixRow[] {
  const direct = new Map<string, Map<string, number>>();
  for (const c of cells) {
    const m = direct.get(c.tag_id) ?? new Map<string, number>();
    m.set(c.segment_id, (m.get(c.segment_id) ?? 0) + c.count);
    direct.set(c.tag_id, m);
  }
  const flat = flattenTree(tagTree(tags));
  const rows = mode === "themes" ? flat.filter((f) => f.depth === 0) : flat;
  return rows.map(({ tag, depth }) => {
    const ids = mode === "themes" ? descendantIds(tags, tag.id) : new Set([tag.id]);
    const counts: Record<string, number> = {};
    let total = 0;
    for (const s of segmentIds) {
      let n = 0;
      for (const id of ids) n += direct.get(id)?.get(s) ?? 0;
      counts[s] = n;
      total += n;
    }
    return { tag, depth, counts, total };
  });
}

/** The largest count in the matrix (for shading), at least 1. */
export function matrixMax(rows: readonly MatrixRow[]): number {
  let m = 1;
  for (const r of rows) for (const v of Object.values(r.counts)) m = Math.max(m, v);
  return m;
}

/** Shading step 0–4 for a count (0 only for none), so colour is never the only cue. */
export function shade(count: number, max: number): number {
  if (count <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((count / Math.max(1, max)) * 4)));
}

// ---- paging ------------------------------------------------------------------------------

/** "101–200" for the second page of 100 (of `total`). */
export function pageRange(offset: number, shown: number, total: number): { from: number; to: number; total: number } {
  if (total === 0 || shown === 0) return { from: 0, to: 0, total };
  return { from: offset + 1, to: offset + shown, total };
}

/** After deleting on the last page, step back when the page would be empty. */
export function clampOffset(offset: number, total: number, pageSize = PAGE_SIZE): number {
  if (offset < total) return offset;
  return Math.max(0, Math.floor(Math.max(0, total - 1) / pageSize) * pageSize);
}
