// Live updates of a shared project: the shell tells the window what the others changed
// (the event "project-changed" with a list of changes; an empty list after the connection
// was found again: anything may have changed). What is on screen is read again — the
// project, the planning warnings and every view that loads its own data — and an edit form
// whose entity changed says so (LiveNotice) without touching what is typed in it.
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebviewWindow } from "@tauri-apps/api/webviewWindow";
import type { Change } from "./bindings/Change";
import { app, loadProject, refreshInfo } from "./store.svelte";

/** The event the shell sends. */
export const LIVE_EVENT = "project-changed";

export interface Heard {
  change: Change;
  /** The batch it came in (`live.seq` then). */
  seq: number;
}

export const live = $state({
  /** Bumped with every batch of the others' changes. */
  seq: 0,
  /** The latest change heard of each entity, by "kind:id". */
  latest: {} as Record<string, Heard>,
});

/** The key of an entity in `live.latest`. */
export function entityKey(kind: string, id: string): string {
  return `${kind}:${id}`;
}

/** The latest change of `kind`/`id` heard after batch `since`, if any. */
export function heardSince(kind: string, id: string, since: number): Change | null {
  const h = live.latest[entityKey(kind, id)];
  return h && h.seq > since ? h.change : null;
}

/** Record a batch of changes; whether the project's own settings (name, ladder) changed too. */
export function record(changes: Change[]): { project: boolean } {
  const seq = live.seq + 1;
  let project = changes.length === 0;
  for (const c of changes) {
    if (c.kind === "project") project = true;
    if (c.id !== null) live.latest[entityKey(c.kind, c.id)] = { change: c, seq };
  }
  live.seq = seq;
  return { project };
}

let refreshing = false;
let again = false;
let againInfo = false;

/** Read what is on screen again; one reload at a time, another after it when more came. */
async function refresh(info: boolean): Promise<void> {
  againInfo ||= info;
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    do {
      again = false;
      const withInfo = againInfo;
      againInfo = false;
      if (withInfo) await refreshInfo().catch(() => undefined);
      if (app.info?.project && !app.offline) await loadProject();
    } while (again);
  } finally {
    refreshing = false;
  }
}

let started = false;

/** Hear the shell's announcements (once, at start; outside the app there are none). */
export async function startLive(): Promise<void> {
  if (started) return;
  started = true;
  try {
    // This window's project only: another window may have another project open.
    const target = getCurrentWebviewWindow().label;
    await listen<Change[]>(
      LIVE_EVENT,
      (event) => {
        if (!app.info?.project) return;
        const { project } = record(event.payload ?? []);
        void refresh(project);
      },
      { target },
    );
  } catch {
    // No shell to listen to (a unit test, a plain browser).
  }
}
