// An edit that saves from the revision it started at: the form loads its item with its
// revision (the base), and a save merges with what others saved meanwhile. What comes back
// is the merged item, any field both changed (a conflict for the user to settle), or word
// that someone deleted the item meanwhile.
import { api, asCoreError } from "./api";
import type { Based } from "./bindings/Based";
import type { Conflict } from "./bindings/Conflict";
import type { EntityKind } from "./bindings/EntityKind";
import type { Saved } from "./bindings/Saved";
import { t } from "./i18n/index.svelte";
import { announce, loadProject, showError } from "./store.svelte";

/** What a form gives its edit so that saving, restoring and settling work the same in every form. */
export interface FormHooks<T> {
  form: { submit(work: () => Promise<void>): Promise<boolean> };
  /** The item as the form now holds it. */
  payload: () => T;
  /** Show the item as saved (and take it as the form's clean state). */
  apply: (value: T) => void;
  /** Take what the form holds as its clean state (the user drops their changes). */
  markClean: () => void;
  /** The item was saved or restored: tell the page. */
  onsaved: (value: T) => void;
  /** The user dropped their changes to an item someone deleted: tell the page. */
  ondeleted: () => void;
  /** More to reload after a save than the project (e.g. the needs list). */
  reloaded?: () => void;
}

/** The actions of a form that edits through a [`MergedEdit`]. */
export interface FormActions {
  /** Save from the base; true when written (false also when someone deleted the item). */
  save: () => Promise<boolean>;
  restore: () => Promise<void>;
  discard: () => Promise<void>;
  settled: (c: { id: number }) => Promise<void>;
}

export interface EditCalls<T> {
  load: (id: string) => Promise<Based<T>>;
  save: (value: T, base: Based<T> | null) => Promise<Saved<T>>;
}

export class MergedEdit<T> {
  /** The item as last loaded or saved, with its revision; null for a new item. */
  base = $state.raw<Based<T> | null>(null);
  /** Fields both changed, not yet settled. */
  conflicts = $state<Conflict[]>([]);
  /** Someone deleted the item meanwhile: their words ("deleted by … at …"); null otherwise. */
  deleted = $state<string | null>(null);
  readonly #kind: EntityKind;
  readonly #calls: EditCalls<T>;
  /** The base's read, which a save waits for: saving before it came would overwrite others. */
  #started: Promise<void> = Promise.resolve();

  constructor(kind: EntityKind, calls: EditCalls<T>) {
    this.#kind = kind;
    this.#calls = calls;
  }

  /**
   * Start editing item `id`: its base and the conflicts about it that no one has settled.
   * The base is the item as the form shows it from the project's rows (`shown`), or as the
   * caller has just read it (`read`), or else as read now. A form that shows its item from
   * the rows gives what it shows: the user's changes are changes to that, so a save must
   * merge from it even when someone saved meanwhile. Merging from a newer read would take
   * their change for the user's starting point and write over it unseen.
   */
  start(id: string, from: { read?: Based<T> | null; shown?: T } = {}): Promise<void> {
    this.#started = this.#start(id, from.read ?? null, from.shown);
    return this.#started;
  }

  async #start(id: string, known: Based<T> | null, shown: T | undefined): Promise<void> {
    if (!id) return;
    if (shown !== undefined) {
      // Not read again: the merge goes by the value, and a deletion is found on saving.
      this.base = { value: shown, revision: 0 };
    } else {
      try {
        this.base = known ?? (await this.#calls.load(id));
      } catch {
        // Without a base the save is a plain one, as before revisions.
        this.base = null;
        return;
      }
    }
    try {
      this.conflicts = await api.conflictsOf(this.#kind, id);
    } catch {
      // The base still holds: a save merges and finds any conflict again.
      this.conflicts = [];
    }
  }

  /**
   * Save `value` from the base. Returns the saved item, or null when someone deleted it
   * meanwhile (then `deleted` says so). Conflicts land in `conflicts`; any other error
   * is thrown.
   */
  async save(value: T): Promise<T | null> {
    await this.#started;
    this.deleted = null;
    try {
      const saved = await this.#calls.save(value, this.base);
      this.base = { value: saved.value, revision: saved.revision };
      this.conflicts = saved.conflicts;
      return saved.value;
    } catch (err) {
      const e = asCoreError(err);
      if (e.code !== "deleted") throw err;
      this.deleted = e.message;
      return null;
    }
  }

  /** Save `value` as a new item again, after someone deleted it. */
  async restore(value: T): Promise<T> {
    const saved = await this.#calls.save(value, null);
    this.base = { value: saved.value, revision: saved.revision };
    this.deleted = null;
    this.conflicts = [];
    return saved.value;
  }

  /**
   * The user settled conflict `id`. When none is left, the item as it now is (the chosen
   * values written), else null.
   */
  async settled(id: number): Promise<T | null> {
    this.conflicts = this.conflicts.filter((c) => c.id !== id);
    const c = this.base;
    if (this.conflicts.length > 0 || !c) return null;
    const itemId = (c.value as { id?: string }).id ?? "";
    this.base = await this.#calls.load(itemId);
    return this.base.value;
  }

  /** The save, restore, discard and settle actions of a form, with what every form does after them. */
  actions(h: FormHooks<T>): FormActions {
    const after = async (value: T) => {
      h.apply(value);
      await loadProject();
      h.reloaded?.();
      announce(t("app.saved"));
      h.onsaved(value);
    };
    return {
      save: async () => {
        // Not written when someone deleted the item meanwhile (the form then offers to
        // restore it): whatever waits on this save must not go on as if it were.
        let written = false;
        const done = await h.form.submit(async () => {
          const saved = await this.save(h.payload());
          if (saved === null) return;
          await after(saved);
          written = true;
        });
        return done && written;
      },
      restore: async () => {
        await h.form.submit(async () => after(await this.restore(h.payload())));
      },
      discard: async () => {
        h.markClean();
        this.deleted = null;
        await loadProject();
        h.ondeleted();
      },
      settled: async (c) => {
        try {
          const now = await this.settled(c.id);
          if (now) {
            h.apply(now);
            await loadProject();
          }
        } catch (err) {
          showError("error.save_title", err);
        }
      },
    };
  }
}
