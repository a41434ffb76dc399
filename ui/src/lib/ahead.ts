/**
 * One answer asked for before a view needed it, and what it was asked for: the view takes it
 * when it asks the same question of the same rows (`app.project`, replaced on every reload),
 * once; otherwise it asks anew.
 */
export class Ahead<T> {
  private kept: { question: string; rows: unknown; answer: Promise<T> } | null = null;

  /** Keep `answer` to `question` about `rows`. A failure is kept too: the view shows it when it opens. */
  put(question: string, rows: unknown, answer: Promise<T>): void {
    answer.catch(() => undefined);
    this.kept = { question, rows, answer };
  }

  /** The answer kept for `question` about `rows`, if there is one; whatever was kept is let go. */
  take(question: string, rows: unknown): Promise<T> | null {
    const k = this.kept;
    this.kept = null;
    return k && k.question === question && k.rows === rows ? k.answer : null;
  }
}
