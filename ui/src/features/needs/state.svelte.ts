// State shared by the needs workspace (Behov, the codebook in Inställningar, Insikter and
// Spårning): the current filter, pinned tags, the undo step on offer, and hand-offs between
// views ("create an insight from these needs", "open that insight").
import { api } from "../../lib/api";
import type { UndoResult } from "../../lib/bindings/UndoResult";
import { t } from "../../lib/i18n/index.svelte";
import { announce, app, isReadOnly, loadProject, showError, ui } from "../../lib/store.svelte";
import { emptyFilter, isUndoKey, livePins, MAX_PINS, ownsUndo, togglePin } from "./logic";

export type NeedsTab = "list" | "capture" | "matrix" | "codebook" | "duplicates";

export const needsUi = $state({
  tab: "list" as NeedsTab,
  /** The Behov list's filter; the matrix counts with the same one. */
  filter: emptyFilter(),
  /** Bumped whenever needs change (saved, tagged, deleted, undone), so lists reload. */
  seq: 0,
  /** The activity the capture panel saves into ("" = none). */
  captureActivity: "",
  /** Handed from Behov to Insikter: open a new insight with these needs as its evidence. */
  newInsight: null as null | { need_ids: string[]; key_question_ids: string[] },
  /** Handed to Insikter: open this insight. */
  openInsight: null as string | null,
  /** Handed to Behov: open this need's editor (above the list, wherever the need is in it). */
  openNeed: null as string | null,
  /** What Ctrl+Z / Ångra would undo now (from `peek_undo`). */
  undo: null as UndoResult | null,
  undoBusy: false,
  /** Pinned tag ids (keys 1–9), kept per project file on this computer. */
  pins: [] as string[],
  pinsFor: "",
});

// ---- pinned tags -----------------------------------------------------------------------

function pinsKey(): string {
  return `medskapa.pins:${app.info?.project?.file_name ?? ""}`;
}

/** Read the open project's pins from local storage (once per project; call from an effect or a handler). */
export function loadPins(): void {
  const key = pinsKey();
  if (needsUi.pinsFor === key) return;
  let stored: string[] = [];
  try {
    const raw = localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) stored = parsed.filter((x): x is string => typeof x === "string");
  } catch {
    stored = [];
  }
  needsUi.pins = stored.slice(0, MAX_PINS);
  needsUi.pinsFor = key;
}

/** The pins of the open project whose tags still exist (pure: safe in a $derived). */
export function currentPins(): string[] {
  return needsUi.pinsFor === pinsKey() ? livePins(needsUi.pins, app.project?.tags ?? []) : [];
}

function storePins(pins: string[]): void {
  needsUi.pins = pins;
  try {
    localStorage.setItem(pinsKey(), JSON.stringify(pins));
  } catch {
    // storage full or off: the pins still work for this session
  }
}

/** Pin or unpin a tag; says so (or that all nine keys are taken) in the live region. */
export function pinTag(tagId: string): void {
  loadPins();
  const before = currentPins();
  const after = togglePin(before, tagId);
  const name = app.project?.tags.find((t) => t.id === tagId)?.name ?? "";
  if (after.length === before.length && !before.includes(tagId)) {
    announce(t("needs.pins_full", { max: MAX_PINS }));
    return;
  }
  storePins(after);
  const n = after.indexOf(tagId) + 1;
  announce(n > 0 ? t("needs.pinned", { name, key: n }) : t("needs.unpinned", { name }));
}

// ---- reloads -----------------------------------------------------------------------------

const WARNINGS_DELAY_MS = 1500;
let warningsTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * After needs changed: lists reload, the undo offer is refreshed, and the planning warnings
 * (e.g. untagged needs) are brought up to date. `project` also reloads the project data
 * (tags, insights' evidence), as after a merge, a delete or an undo.
 */
export async function needsChanged(opts: { project?: boolean } = {}): Promise<void> {
  needsUi.seq++;
  void refreshUndo();
  clearTimeout(warningsTimer);
  if (opts.project) {
    await loadProject();
  } else {
    // The planning checks read the whole project: run them once the user pauses, not after
    // every key press while tagging with 1–9.
    warningsTimer = setTimeout(() => {
      api
        .check()
        .then((w) => (app.warnings = w))
        .catch(() => {});
    }, WARNINGS_DELAY_MS);
  }
}

// ---- undo --------------------------------------------------------------------------------

export async function refreshUndo(): Promise<void> {
  try {
    needsUi.undo = await api.peekUndo();
  } catch {
    needsUi.undo = null;
  }
}

/** What an undo step is, in words: "taggningen med ”Öppettider” (3 behov)". */
export function undoWhat(u: UndoResult): string {
  // For (un)tagging Rust names the tag by id; show its name when the tag still exists.
  const tag = app.project?.tags.find((x) => x.id === u.tag_name)?.name ?? u.tag_name;
  switch (u.kind) {
    case "tagging":
      return t("needs.undo.tagging", { tag, n: u.count });
    case "untagging":
      return t("needs.undo.untagging", { tag, n: u.count });
    case "merge_tags":
      return t("needs.undo.merge_tags", { tag, n: u.count });
    case "delete_tag":
      return t("needs.undo.delete_tag", { tag, n: u.count });
    case "delete_needs":
      return t("needs.undo.delete_needs", { n: u.count });
    case "merge_needs":
      return t("needs.undo.merge_needs");
    default:
      return t("needs.undo.other");
  }
}

/** Undo the last tagging, merge or delete; says what was undone in the live region. */
export async function runUndo(): Promise<void> {
  if (needsUi.undoBusy || isReadOnly()) return;
  needsUi.undoBusy = true;
  try {
    const r = await api.undo();
    if (r) {
      await needsChanged({ project: true });
      announce(t("needs.undo.done", { what: undoWhat(r) }));
    } else {
      announce(t("needs.undo.nothing"));
      void refreshUndo();
    }
  } catch (e) {
    showError("needs.undo.failed", e);
    void refreshUndo();
  } finally {
    needsUi.undoBusy = false;
  }
}

let undoListeners = 0;

function onUndoKey(e: KeyboardEvent): void {
  if (!isUndoKey(e) || ownsUndo(e.target)) return;
  if (ui.alert || ui.confirm) return;
  e.preventDefault();
  void runUndo();
}

/** Ctrl+Z (⌘Z) undoes in the needs workspace while a view using this is shown; returns the cleanup. */
export function useUndoKey(): () => void {
  if (undoListeners++ === 0) window.addEventListener("keydown", onUndoKey);
  void refreshUndo();
  return () => {
    if (--undoListeners === 0) window.removeEventListener("keydown", onUndoKey);
  };
}
