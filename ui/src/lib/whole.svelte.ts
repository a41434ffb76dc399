// The item a form edits, read whole each time the form opens. The project's rows leave out
// what only a form shows (an activity's notes, an insight's evidence), so a form must not
// start from a row: it would save blanks over them. Reading afresh also starts the form from
// what others saved meanwhile; one deleted meanwhile is named in an alert, and the form's
// place goes back to asking for a choice instead of waiting for it.
import { untrack } from "svelte";
import type { Based } from "./bindings/Based";
import { showError } from "./store.svelte";

/** Which item the form shows: `key` changes each time a form opens. */
export interface FormOpening {
  key: number;
  id: string | null;
}

/**
 * Read item `opening().id` whole with its revision whenever `opening()` changes (call while
 * a component is created). `based` is the item for the opening in view, null while it is
 * read; `failed` is true once its read has failed; `onread` runs when it has come.
 */
export function wholeForForm<T extends { id: string }>(
  read: (id: string) => Promise<Based<T>>,
  opening: () => FormOpening,
  onread: () => void = () => {},
): { readonly based: Based<T> | null; readonly failed: boolean } {
  /** What the last read for an opening gave: the item, or null when it could not be read. */
  let outcome = $state.raw<{ key: number; id: string; based: Based<T> | null } | null>(null);
  /** The outcome for the opening in view, if its read has ended. */
  function current() {
    const { key, id } = opening();
    return outcome && outcome.key === key && outcome.id === id ? outcome : null;
  }
  $effect(() => {
    const { key, id } = opening();
    if (!id || untrack(() => current()?.based)) return;
    let live = true;
    read(id)
      .then((based) => {
        if (!live) return;
        outcome = { key, id, based };
        onread();
      })
      .catch((e) => {
        if (!live) return;
        outcome = { key, id, based: null };
        showError("common.error_title", e);
      });
    return () => {
      live = false;
    };
  });
  return {
    get based() {
      return current()?.based ?? null;
    },
    get failed() {
      const c = current();
      return c !== null && c.based === null;
    },
  };
}
