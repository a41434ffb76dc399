// Nyckelfrågor's list as the rows it is drawn from, a screen at a time: the decisions in order,
// each followed by its key questions, then a heading and the questions of no decision. Every
// row is one height; the questions sit a level in from their decision.

/** One item of the list: a decision or a key question. */
export type ListItem = { kind: "decision" | "key_question"; id: string };

/**
 * A row of the list, with its level and its place among the rows of that level in its group
 * (for a decision, among the decisions and the group of no decision; for a question, among
 * its decision's questions).
 */
export type ListRow<D, Q> = { pos: number; size: number } & (
  | { kind: "decision"; decision: D }
  | { kind: "key_question"; question: Q }
  | { kind: "unlinked" }
);

/** Every row of the list, in order. */
export function listRows<D, Q>(
  decisions: readonly D[],
  questionsOf: (decision: D) => readonly Q[],
  unlinked: readonly Q[],
): ListRow<D, Q>[] {
  const rows: ListRow<D, Q>[] = [];
  const groups = decisions.length + (unlinked.length > 0 ? 1 : 0);
  decisions.forEach((decision, i) => {
    rows.push({ kind: "decision", decision, pos: i + 1, size: groups });
    const questions = questionsOf(decision);
    questions.forEach((question, j) => rows.push({ kind: "key_question", question, pos: j + 1, size: questions.length }));
  });
  if (unlinked.length > 0) {
    rows.push({ kind: "unlinked", pos: groups, size: groups });
    unlinked.forEach((question, j) => rows.push({ kind: "key_question", question, pos: j + 1, size: unlinked.length }));
  }
  return rows;
}

/** Where `item` is among `rows`, or -1. */
export function rowOf<D extends { id: string }, Q extends { id: string }>(rows: readonly ListRow<D, Q>[], item: ListItem | null): number {
  if (!item) return -1;
  return rows.findIndex((r) =>
    item.kind === "decision" ? r.kind === "decision" && r.decision.id === item.id : r.kind === "key_question" && r.question.id === item.id,
  );
}

/**
 * The row the keyboard lands on when a key moves it from `from` to `to`: `to`, unless it is
 * the heading of the questions of no decision, which takes no focus; then the row past it in
 * the direction of the move, or the one before it at the end of the list.
 */
export function landOn<D, Q>(rows: readonly ListRow<D, Q>[], to: number, from: number): number {
  if (rows[to]?.kind !== "unlinked") return to;
  const dir = to >= from ? 1 : -1;
  const past = to + dir;
  if (past >= 0 && past < rows.length) return past;
  const back = to - dir;
  return back >= 0 && back < rows.length ? back : to;
}
