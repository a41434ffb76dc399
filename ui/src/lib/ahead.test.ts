import { describe, expect, it } from "vitest";
import { Ahead } from "./ahead";

describe("an answer asked for ahead", () => {
  it("is taken once, for the same question about the same rows", async () => {
    const rows = { decisions: [] };
    const ahead = new Ahead<string>();
    ahead.put("decision:d1:sv", rows, Promise.resolve("<p>brief</p>"));
    await expect(ahead.take("decision:d1:sv", rows)).resolves.toBe("<p>brief</p>");
    // Taken: a second visit asks anew.
    expect(ahead.take("decision:d1:sv", rows)).toBeNull();
  });

  it("is not used for another question or for rows reloaded since (after a save)", () => {
    const rows = { decisions: [] };
    const ahead = new Ahead<string>();
    ahead.put("decision:d1:sv", rows, Promise.resolve("a"));
    expect(ahead.take("decision:d1:en", rows)).toBeNull();
    // Asking with another question lets the kept answer go.
    expect(ahead.take("decision:d1:sv", rows)).toBeNull();
    ahead.put("decision:d1:sv", rows, Promise.resolve("a"));
    expect(ahead.take("decision:d1:sv", { decisions: [] })).toBeNull();
  });

  it("keeps a failure for the view to show, without an unhandled rejection meanwhile", async () => {
    const rows = {};
    const ahead = new Ahead<string>();
    ahead.put("decision:gone:sv", rows, Promise.reject(new Error("unknown decision")));
    await new Promise((r) => setTimeout(r, 0));
    await expect(ahead.take("decision:gone:sv", rows)).rejects.toThrow("unknown decision");
  });
});
