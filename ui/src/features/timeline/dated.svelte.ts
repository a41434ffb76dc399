// The dated dialogues the timeline lays out, asked of the core only when the timeline needs
// them (its first visit, or when it is laid out ahead), and again once the project changed.
// The last list stays until the next one is there, so the chart does not blank out on a save.
import { api } from "../../lib/api";
import type { TimelineActivity } from "../../lib/bindings/TimelineActivity";
import { mark } from "../../lib/marks";
import { app, showError } from "../../lib/store.svelte";

class Held {
  /** Not deeply reactive: ten thousand rows, replaced as a whole. */
  list = $state.raw<readonly TimelineActivity[] | null>(null);
  /** The project they are of (`app.info.project` when they were asked for). */
  of: unknown = null;
  version = -1;
}
const held = new Held();

let asked: { version: number; answer: Promise<readonly TimelineActivity[] | null> } | null = null;

/** The dated dialogues held for the open project (perhaps of a version before the latest), or null. */
export function heldDated(): readonly TimelineActivity[] | null {
  const list = held.list;
  return held.of === app.info?.project ? list : null;
}

/**
 * The dated dialogues of the project as it is now: at once when they are held, else asked
 * of the core (one question at a time per version of the project). Null when the core
 * could not answer (the error is shown).
 */
export function datedActivities(): Promise<readonly TimelineActivity[] | null> {
  const version = app.version;
  const of = app.info?.project;
  if (held.version === version && held.of === of && held.list) return Promise.resolve(held.list);
  if (asked?.version === version) return asked.answer;
  const answer = api
    .timelineActivities()
    .then((list) => {
      // A later version's answer may have come first: keep the newest.
      if (version >= held.version || held.of !== of) {
        held.version = version;
        held.of = of;
        held.list = list;
        // When the dialogues came (tests/e2e/measure.mjs splits a first visit's time with it).
        mark("medskapa-timeline-dialogues");
      }
      return list;
    })
    .catch((e) => {
      showError("common.error_title", e);
      return null;
    })
    .finally(() => {
      if (asked?.version === version) asked = null;
    });
  asked = { version, answer };
  return answer;
}
