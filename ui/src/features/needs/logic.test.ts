import { describe, expect, it } from "vitest";
import type { Tag } from "../../lib/bindings/Tag";
import {
  ancestry,
  buildFilter,
  captureEnter,
  charCount,
  tooLongText,
  clampOffset,
  descendantIds,
  emptyFilter,
  filterKey,
  flattenTree,
  fold,
  hasTagNamed,
  isColor,
  isFiltering,
  isTextEntry,
  isUndoKey,
  listKeyAction,
  livePins,
  matrixMax,
  matrixRows,
  MAX_NEED_TEXT,
  MAX_PINS,
  mergeTargets,
  moveTargets,
  nextColor,
  ownsUndo,
  pageRange,
  pageSelection,
  pinToggleAdds,
  rangeIds,
  selectRange,
  shade,
  suggestTags,
  tagPath,
  tagTree,
  themeOf,
  toggleFilterTag,
  toggleId,
  togglePage,
  togglePin,
} from "./logic";

const tag = (id: string, name: string, parent_id: string | null = null): Tag => ({
  id,
  name,
  parent_id,
  color: "#1f5f99",
  description: "",
});

const TAGS: Tag[] = [
  tag("t1", "Invånarnas mötesplats"),
  tag("t1a", "Öppettider", "t1"),
  tag("t1b", "Tysta rum", "t1"),
  tag("t1b1", "Läsesal", "t1b"),
  tag("t2", "Hållbarhet och delade resurser"),
  tag("t2a", "Återbruk och lagning", "t2"),
];

describe("filters", () => {
  it("start empty, with children included and any-mode", () => {
    const f = emptyFilter();
    expect(f.include_children).toBe(true);
    expect(f.tag_mode).toBe("any");
    expect(isFiltering(f)).toBe(false);
  });

  it("are built for Rust: trimmed text, null for empty selects, unique tags", () => {
    const f = { ...emptyFilter(), text: "  möt ", segment_id: "", activity_id: "a01", tag_ids: ["t1", "t1", "t2"] };
    const b = buildFilter(f);
    expect(b.text).toBe("möt");
    expect(b.segment_id).toBeNull();
    expect(b.activity_id).toBe("a01");
    expect(b.tag_ids).toEqual(["t1", "t2"]);
    expect(isFiltering(f)).toBe(true);
  });

  it("count the mode and children switch as no filter on their own", () => {
    expect(isFiltering({ ...emptyFilter(), tag_mode: "all", include_children: false })).toBe(false);
    expect(isFiltering({ ...emptyFilter(), untagged_only: true })).toBe(true);
    expect(isFiltering({ ...emptyFilter(), text: "   " })).toBe(false);
  });

  it("give the same key for the same filter", () => {
    expect(filterKey({ ...emptyFilter(), text: "a " })).toBe(filterKey({ ...emptyFilter(), text: "a" }));
    expect(filterKey(emptyFilter())).not.toBe(filterKey({ ...emptyFilter(), important_only: true }));
  });

  it("toggle a tag in and out", () => {
    const f = toggleFilterTag(emptyFilter(), "t1");
    expect(f.tag_ids).toEqual(["t1"]);
    expect(toggleFilterTag(f, "t1").tag_ids).toEqual([]);
  });
});

describe("text", () => {
  it("folds case and Swedish diacritics", () => {
    expect(fold("Mötesplats ÅÄÖ")).toBe("motesplats aao");
  });
  it("counts an emoji as one character", () => {
    expect(charCount("مكتبة 📚")).toBe(7);
    expect(charCount("ö")).toBe(1);
  });

  it("finds a need text longer than Rust accepts", () => {
    const long = "x".repeat(MAX_NEED_TEXT + 1);
    expect(tooLongText({ statement: "kort", quote: "" })).toBeNull();
    expect(tooLongText({ statement: "x".repeat(MAX_NEED_TEXT), quote: "" })).toBeNull();
    expect(tooLongText({ statement: "kort", quote: long })).toEqual({ field: "quote", n: MAX_NEED_TEXT + 1 });
    expect(tooLongText({ statement: long, quote: long })).toEqual({ field: "statement", n: MAX_NEED_TEXT + 1 });
  });
});

describe("the tag tree", () => {
  it("nests and sorts by name, Swedish order", () => {
    const flat = flattenTree(tagTree(TAGS));
    expect(flat.map((f) => [f.tag.id, f.depth])).toEqual([
      ["t2", 0],
      ["t2a", 1],
      ["t1", 0],
      ["t1b", 1],
      ["t1b1", 2],
      ["t1a", 1],
    ]);
  });

  it("survives a missing parent and a cycle", () => {
    const odd = [tag("a", "A", "b"), tag("b", "B", "a"), tag("c", "C", "gone")];
    const flat = flattenTree(tagTree(odd));
    expect(flat.map((f) => f.tag.id).sort()).toEqual(["a", "b", "c"]);
  });

  it("knows descendants, ancestry, theme and path", () => {
    expect([...descendantIds(TAGS, "t1")].sort()).toEqual(["t1", "t1a", "t1b", "t1b1"]);
    expect(ancestry(TAGS, "t1b1").map((t) => t.id)).toEqual(["t1", "t1b", "t1b1"]);
    expect(themeOf(TAGS, "t1b1")).toBe("t1");
    expect(themeOf(TAGS, "t2")).toBe("t2");
    expect(tagPath(TAGS, "t1a")).toBe("Invånarnas mötesplats › Öppettider");
  });

  it("never offers a tag itself or its descendants as a new parent", () => {
    const ids = moveTargets(TAGS, "t1b").map((f) => f.tag.id);
    expect(ids).not.toContain("t1b");
    expect(ids).not.toContain("t1b1");
    expect(ids).toContain("t1");
    expect(ids).toContain("t2a");
    expect(mergeTargets(TAGS, "t1b").map((f) => f.tag.id)).toContain("t1b1");
    expect(mergeTargets(TAGS, "t1b").map((f) => f.tag.id)).not.toContain("t1b");
  });
});

describe("type-ahead", () => {
  it("matches without diacritics, best first", () => {
    expect(suggestTags(TAGS, "möt").map((t) => t.id)).toEqual(["t1"]);
    expect(suggestTags(TAGS, "mot").map((t) => t.id)).toEqual(["t1"]);
    expect(suggestTags(TAGS, "ö")[0].id).toBe("t1a");
    expect(suggestTags(TAGS, "rum").map((t) => t.id)).toEqual(["t1b"]);
    expect(suggestTags(TAGS, "re").map((t) => t.id)).toEqual(["t2"]); // "resurser" is a word start
  });

  it("leaves out chosen tags and limits the list", () => {
    expect(suggestTags(TAGS, "", ["t1"]).map((t) => t.id)).not.toContain("t1");
    expect(suggestTags(TAGS, "", [], 2)).toHaveLength(2);
  });

  it("knows when a name exists", () => {
    expect(hasTagNamed(TAGS, " tysta RUM ")).toBe(true);
    expect(hasTagNamed(TAGS, "Tysta")).toBe(false);
  });

  it("checks and picks colours", () => {
    expect(isColor("#1f5f99")).toBe(true);
    expect(isColor("1f5f99")).toBe(false);
    expect(isColor("#12345g")).toBe(false);
    expect(nextColor([])).toBe("#1f5f99");
    expect(nextColor(TAGS)).toBe("#b5452a");
  });
});

describe("selection", () => {
  const ids = ["a", "b", "c", "d", "e"];

  it("finds a range in either direction", () => {
    expect(rangeIds(ids, "b", "d")).toEqual(["b", "c", "d"]);
    expect(rangeIds(ids, "d", "b")).toEqual(["b", "c", "d"]);
    expect(rangeIds(ids, null, "c")).toEqual(["c"]);
    expect(rangeIds(ids, "gone", "c")).toEqual(["c"]);
    expect(rangeIds(ids, "a", "gone")).toEqual([]);
  });

  it("shift-selects and shift-deselects a range", () => {
    const on = selectRange(new Set(["a"]), ids, "b", "d", true);
    expect([...on].sort()).toEqual(["a", "b", "c", "d"]);
    const off = selectRange(on, ids, "d", "c", false);
    expect([...off].sort()).toEqual(["a", "b"]);
  });

  it("toggles one and the page", () => {
    expect([...toggleId(new Set(["a"]), "a")]).toEqual([]);
    expect(pageSelection(new Set(), ids)).toBe("none");
    expect(pageSelection(new Set(["a"]), ids)).toBe("some");
    expect(pageSelection(new Set(ids), ids)).toBe("all");
    expect(pageSelection(new Set(), [])).toBe("none");
    const all = togglePage(new Set(["x", "a"]), ids);
    expect(all.size).toBe(6);
    expect([...togglePage(all, ids)]).toEqual(["x"]);
  });
});

describe("pinned tags", () => {
  it("pin up to nine, unpin, and drop pins of tags that are gone", () => {
    let pins: string[] = [];
    for (let i = 0; i < 12; i++) pins = togglePin(pins, `t${i}`);
    expect(pins).toHaveLength(MAX_PINS);
    expect(pins).not.toContain("t9");
    pins = togglePin(pins, "t3");
    expect(pins).not.toContain("t3");
    expect(livePins(["t1", "zz", "t2"], TAGS)).toEqual(["t1", "t2"]);
  });

  it("removes the tag only when every target has it", () => {
    expect(pinToggleAdds([["t1"], ["t1", "t2"]], "t1")).toBe(false);
    expect(pinToggleAdds([["t1"], ["t2"]], "t1")).toBe(true);
    expect(pinToggleAdds([], "t1")).toBe(true);
  });
});

describe("keyboard", () => {
  it("maps the list shortcuts", () => {
    expect(listKeyAction({ key: "j" })).toEqual({ kind: "move", delta: 1, extend: false });
    expect(listKeyAction({ key: "K" })).toEqual({ kind: "move", delta: -1, extend: false });
    expect(listKeyAction({ key: "ArrowDown", shiftKey: true })).toEqual({ kind: "move", delta: 1, extend: true });
    expect(listKeyAction({ key: "1" })).toEqual({ kind: "pin", index: 0 });
    expect(listKeyAction({ key: "9" })).toEqual({ kind: "pin", index: 8 });
    expect(listKeyAction({ key: "0" })).toBeNull();
    expect(listKeyAction({ key: " " })).toEqual({ kind: "toggle" });
    expect(listKeyAction({ key: "Enter" })).toEqual({ kind: "edit" });
    expect(listKeyAction({ key: "Delete" })).toEqual({ kind: "delete" });
    expect(listKeyAction({ key: "z", ctrlKey: true })).toEqual({ kind: "undo" });
    expect(listKeyAction({ key: "a", metaKey: true })).toEqual({ kind: "select_page" });
    expect(listKeyAction({ key: "1", ctrlKey: true })).toBeNull();
    expect(listKeyAction({ key: "j", altKey: true })).toBeNull();
    expect(listKeyAction({ key: "/" })).toEqual({ kind: "search" });
  });

  it("knows Ctrl+Z and leaves Ctrl+Shift+Z alone", () => {
    expect(isUndoKey({ key: "z", ctrlKey: true })).toBe(true);
    expect(isUndoKey({ key: "Z", metaKey: true })).toBe(true);
    expect(isUndoKey({ key: "z", ctrlKey: true, shiftKey: true })).toBe(false);
    expect(isUndoKey({ key: "z" })).toBe(false);
  });

  it("saves on Enter, breaks the line on Shift+Enter, leaves Enter to an open list", () => {
    expect(captureEnter({ key: "Enter" })).toBe("save");
    expect(captureEnter({ key: "Enter", shiftKey: true })).toBe("newline");
    expect(captureEnter({ key: "Enter" }, true)).toBeNull();
    expect(captureEnter({ key: "Enter", isComposing: true })).toBeNull();
    expect(captureEnter({ key: "a" })).toBeNull();
  });

  it("tells text fields from other controls", () => {
    const el = (tagName: string, type?: string) => ({ tagName, type, isContentEditable: false }) as unknown as EventTarget;
    expect(isTextEntry(el("TEXTAREA"))).toBe(true);
    expect(isTextEntry(el("INPUT", "text"))).toBe(true);
    expect(isTextEntry(el("INPUT", "checkbox"))).toBe(false);
    expect(isTextEntry(el("SELECT"))).toBe(true);
    expect(isTextEntry(el("DIV"))).toBe(false);
    expect(isTextEntry(null)).toBe(false);
    expect(ownsUndo(el("SELECT"))).toBe(false);
    expect(ownsUndo(el("INPUT", "search"))).toBe(true);
  });
});

describe("matrix", () => {
  const cells = [
    { tag_id: "t1a", segment_id: "s1", count: 3 },
    { tag_id: "t1b1", segment_id: "s1", count: 2 },
    { tag_id: "t1", segment_id: "s2", count: 1 },
    { tag_id: "t2a", segment_id: "s2", count: 4 },
  ];

  it("rolls taggings up to the themes", () => {
    const rows = matrixRows(TAGS, ["s1", "s2"], cells, "themes");
    expect(rows.map((r) => r.tag.id)).toEqual(["t2", "t1"]);
    expect(rows[1].counts).toEqual({ s1: 5, s2: 1 });
    expect(rows[1].total).toBe(6);
    expect(rows[0].counts).toEqual({ s1: 0, s2: 4 });
    expect(matrixMax(rows)).toBe(5);
  });

  it("shows every tag with its direct taggings", () => {
    const rows = matrixRows(TAGS, ["s1", "s2"], cells, "all");
    expect(rows).toHaveLength(TAGS.length);
    expect(rows.find((r) => r.tag.id === "t1")!.counts).toEqual({ s1: 0, s2: 1 });
  });

  it("shades in four steps, none for zero", () => {
    expect(shade(0, 10)).toBe(0);
    expect(shade(1, 10)).toBe(1);
    expect(shade(10, 10)).toBe(4);
    expect(shade(6, 10)).toBe(3);
  });
});

describe("paging", () => {
  it("words the range", () => {
    expect(pageRange(100, 100, 250)).toEqual({ from: 101, to: 200, total: 250 });
    expect(pageRange(0, 0, 0)).toEqual({ from: 0, to: 0, total: 0 });
  });
  it("steps back from an emptied last page", () => {
    expect(clampOffset(200, 200)).toBe(100);
    expect(clampOffset(200, 250)).toBe(200);
    expect(clampOffset(100, 0)).toBe(0);
  });
});
