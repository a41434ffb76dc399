// Which part of Nyckelfrågor's list is drawn: the decisions in order, each followed by its
// key questions, then the questions of no decision, cut after a number of items (a project
// may have a thousand questions; "Visa fler" draws more).
import { drawnCount } from "../../lib/lists";

/** One item of the list: a decision or a key question. */
export type ListItem = { kind: "decision" | "key_question"; id: string };

/** A decision's group as drawn: the decision and the first of its questions. */
export type DrawnGroup<D, Q> = { decision: D; questions: Q[] };

/** The part of the list that is drawn, and what comes first after it. */
export type DrawnList<D, Q> = {
  groups: DrawnGroup<D, Q>[];
  unlinked: Q[];
  /** Items drawn, and in all. */
  drawn: number;
  total: number;
  /** The first item not drawn (what "Visa fler" moves the focus to), if any. */
  next: ListItem | null;
};

/**
 * The first `limit` items of the list, or as far as `selected` when it lies beyond them (so
 * an item opened from elsewhere is in the list).
 */
export function drawnList<D extends { id: string }, Q extends { id: string }>(
  decisions: readonly D[],
  questionsOf: (decisionId: string) => readonly Q[],
  unlinked: readonly Q[],
  limit: number,
  selected: ListItem | null,
): DrawnList<D, Q> {
  const order: ListItem[] = [];
  for (const d of decisions) {
    order.push({ kind: "decision", id: d.id });
    for (const q of questionsOf(d.id)) order.push({ kind: "key_question", id: q.id });
  }
  for (const q of unlinked) order.push({ kind: "key_question", id: q.id });
  const at = selected ? order.findIndex((i) => i.kind === selected.kind && i.id === selected.id) : -1;
  const drawn = drawnCount(order.length, limit, at);
  let budget = drawn;
  const groups: DrawnGroup<D, Q>[] = [];
  for (const d of decisions) {
    if (budget === 0) break;
    const questions = questionsOf(d.id).slice(0, budget - 1);
    groups.push({ decision: d, questions });
    budget -= 1 + questions.length;
  }
  return { groups, unlinked: unlinked.slice(0, budget), drawn, total: order.length, next: order[drawn] ?? null };
}
