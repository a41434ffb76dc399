import { describe, expect, it } from "vitest";
import type { Change } from "./bindings/Change";
import { heardSince, live, record } from "./live.svelte";

function change(kind: string, id: string | null, op: Change["op"] = "update", by = "anna"): Change {
  return { table: kind, kind, id, op, by, revision: null };
}

describe("live changes", () => {
  it("tells a form of a change to its entity after it was opened, and only then", () => {
    const opened = live.seq;
    expect(heardSince("need", "n1", opened)).toBeNull();
    record([change("need", "n1"), change("tag", "t1", "insert")]);
    expect(heardSince("need", "n1", opened)?.by).toBe("anna");
    expect(heardSince("need", "n2", opened)).toBeNull();
    // A form opened (or saved) after the change has no news.
    expect(heardSince("need", "n1", live.seq)).toBeNull();
  });

  it("keeps the latest change of an entity and says when the project itself changed", () => {
    const before = live.seq;
    expect(record([change("key_question", "q1"), change("key_question", "q1", "delete", "bo")])).toEqual({ project: false });
    expect(heardSince("key_question", "q1", before)?.op).toBe("delete");
    expect(record([change("project", "name")]).project).toBe(true);
    // An empty list: the connection was found again and anything may have changed.
    expect(record([]).project).toBe(true);
    // Many rows at once name no entity.
    const seq = live.seq;
    record([change("need", null, "insert")]);
    expect(Object.values(live.latest).some((h) => h.seq > seq)).toBe(false);
  });
});
