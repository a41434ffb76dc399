// The rows of a few dialogues a view names (the window holds no list of every dialogue).
import { api } from "../../lib/api";
import type { ActivityRow } from "../../lib/bindings/ActivityRow";
import { app } from "../../lib/store.svelte";

/**
 * The rows of the dialogues `ids()` names, by id, asked of the core again whenever the ids or
 * the project change. Called while a component is set up. Until the core answers, and when it
 * cannot, the rows held before stay: the view shows what it has without the dialogues' details.
 */
export function activityRows(ids: () => readonly string[]): { readonly byId: ReadonlyMap<string, ActivityRow> } {
  let byId = $state.raw<ReadonlyMap<string, ActivityRow>>(new Map());
  $effect(() => {
    const wanted = [...new Set(ids())];
    void app.version;
    if (wanted.length === 0) return;
    let current = true;
    api
      .activitiesByIds(wanted)
      .then((rows) => {
        if (current) byId = new Map(rows.map((a) => [a.id, a]));
      })
      .catch(() => {
        // Left as they were: the details are extras to what the view shows.
      });
    return () => {
      current = false;
    };
  });
  return {
    get byId() {
      return byId;
    },
  };
}
