// The pure part of Uppföljning: which commitments are overdue, how they are grouped and
// sorted, what Översikt counts, and what the commitment form refuses before it saves.
import type { Commitment } from "../../lib/bindings/Commitment";
import type { CommitmentStatus } from "../../lib/bindings/CommitmentStatus";
import { dayNumber } from "../../lib/dates";
import { bySv } from "../../lib/collate";

export const STATUSES: readonly CommitmentStatus[] = ["planned", "in_progress", "done", "dropped"];

export type GroupBy = "decision" | "owner" | "status";
export const GROUP_BYS: readonly GroupBy[] = ["decision", "owner", "status"];

/** Planned or in progress with a due date before `today` (as the core says). */
export function isOverdue(c: Pick<Commitment, "status" | "due_date">, today: string): boolean {
  if (c.status !== "planned" && c.status !== "in_progress") return false;
  const due = dayNumber(c.due_date);
  const now = dayNumber(today);
  return due !== null && now !== null && due < now;
}

/** Overdue first, then by due date (none last), then by title and id – the core's order. */
export function sortCommitments<T extends Pick<Commitment, "id" | "title" | "status" | "due_date">>(
  list: readonly T[],
  today: string,
): T[] {
  return [...list].sort((a, b) => {
    const o = Number(isOverdue(b, today)) - Number(isOverdue(a, today));
    if (o !== 0) return o;
    const da = dayNumber(a.due_date);
    const db = dayNumber(b.due_date);
    if (da === null && db !== null) return 1;
    if (db === null && da !== null) return -1;
    if (da !== null && db !== null && da !== db) return da - db;
    return bySv(a.title, b.title) || a.id.localeCompare(b.id);
  });
}

/** What grouping and sorting read of a commitment (its row has these). */
type Listed = Pick<Commitment, "id" | "title" | "owner" | "status" | "due_date" | "decision_id">;

export interface CommitmentGroup<T extends Listed = Listed> {
  /** The decision id, the owner or the status; "" for "no decision" / "no owner". */
  key: string;
  items: T[];
  /** How many of `items` are overdue. */
  overdue: number;
}

/**
 * The commitments grouped by decision, owner or status, each group sorted overdue first.
 * Groups with something overdue come first; then statuses in their order, decisions by their
 * title and owners by name; the group without a decision or owner comes last.
 */
export function groupCommitments<T extends Listed>(
  list: readonly T[],
  by: GroupBy,
  today: string,
  decisionTitle: (id: string) => string = (id) => id,
): CommitmentGroup<T>[] {
  const keyOf = (c: T): string =>
    by === "decision" ? (c.decision_id ?? "") : by === "owner" ? c.owner.trim() : c.status;
  const map = new Map<string, T[]>();
  for (const c of list) {
    const k = keyOf(c);
    const items = map.get(k);
    if (items) items.push(c);
    else map.set(k, [c]);
  }
  const groups: CommitmentGroup<T>[] = [...map.entries()].map(([key, items]) => ({
    key,
    items: sortCommitments(items, today),
    overdue: items.filter((c) => isOverdue(c, today)).length,
  }));
  const label = (k: string) => (by === "decision" ? decisionTitle(k) : k);
  return groups.sort((a, b) => {
    const o = Number(b.overdue > 0) - Number(a.overdue > 0);
    if (o !== 0) return o;
    if (by === "status") return STATUSES.indexOf(a.key as CommitmentStatus) - STATUSES.indexOf(b.key as CommitmentStatus);
    if (a.key === "" || b.key === "") return Number(a.key === "") - Number(b.key === "");
    return bySv(label(a.key), label(b.key)) || a.key.localeCompare(b.key);
  });
}

export interface CommitmentCounts {
  planned: number;
  in_progress: number;
  done: number;
  dropped: number;
  /** Planned or in progress, and past their due date (also counted in their status). */
  overdue: number;
}

export function countCommitments(list: readonly Pick<Commitment, "status" | "due_date">[], today: string): CommitmentCounts {
  const n: CommitmentCounts = { planned: 0, in_progress: 0, done: 0, dropped: 0, overdue: 0 };
  for (const c of list) {
    n[c.status]++;
    if (isOverdue(c, today)) n.overdue++;
  }
  return n;
}

/**
 * What the form refuses before it saves, by field: a title, and a reason when the commitment
 * is dropped (the core accepts a dropped one without, so this check is the form's).
 */
export function commitmentErrors(c: Pick<Commitment, "title" | "status" | "reason">): Record<string, "required"> {
  const e: Record<string, "required"> = {};
  if (c.title.trim() === "") e.title = "required";
  if (c.status === "dropped" && c.reason.trim() === "") e.reason = "required";
  return e;
}

/** The commitments made from (or linked to) an insight. */
export function commitmentsOfInsight<T extends Pick<Commitment, "insight_ids">>(list: readonly T[], insightId: string): T[] {
  return list.filter((c) => c.insight_ids.includes(insightId));
}

export function newCommitment(): Commitment {
  return {
    id: "",
    title: "",
    description: "",
    owner: "",
    due_date: null,
    status: "planned",
    reason: "",
    decision_id: null,
    history: [],
    insight_ids: [],
    need_ids: [],
    key_question_ids: [],
    segment_ids: [],
  };
}

/**
 * A residents field as typed ("12 345", "12345") as a count; null when empty; "invalid" when
 * it is not a whole number of 0 or more.
 */
export function parseResidents(text: string): number | null | "invalid" {
  const s = text.replace(/[\s\u00a0\u202f]/g, "");
  if (s === "") return null;
  if (!/^\d+$/.test(s)) return "invalid";
  const n = Number(s);
  return n > 4_294_967_295 ? "invalid" : n;
}
