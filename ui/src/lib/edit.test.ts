import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Based } from "./bindings/Based";
import type { Saved } from "./bindings/Saved";

const conflictsOf = vi.fn();
vi.mock("./api", () => ({
  api: { conflictsOf: (...a: unknown[]) => conflictsOf(...a) },
  asCoreError: (e: unknown) => e,
}));
vi.mock("./store.svelte", () => ({ announce: vi.fn(), loadProject: vi.fn(), showError: vi.fn() }));

const { MergedEdit } = await import("./edit.svelte");

interface Item {
  id: string;
  text: string;
}

/** A promise and the hand that resolves it. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("a merged edit", () => {
  beforeEach(() => {
    conflictsOf.mockReset();
    conflictsOf.mockImplementation(async () => []);
  });

  it("saves from the base even when the user saves before the base was read", async () => {
    const read = deferred<Based<Item>>();
    const bases: (Based<Item> | null)[] = [];
    const edit = new MergedEdit<Item>("need", {
      load: () => read.promise,
      save: async (value, base): Promise<Saved<Item>> => {
        bases.push(base);
        return { value, revision: 8, conflicts: [] };
      },
    });
    void edit.start("n1");
    const saving = edit.save({ id: "n1", text: "mine" });
    read.resolve({ value: { id: "n1", text: "as opened" }, revision: 7 });
    expect(await saving).toEqual({ id: "n1", text: "mine" });
    // Without the base the save would overwrite whatever others saved since.
    expect(bases).toEqual([{ value: { id: "n1", text: "as opened" }, revision: 7 }]);
    expect(edit.base?.revision).toBe(8);
  });

  it("keeps the base when the unsettled conflicts cannot be read", async () => {
    conflictsOf.mockImplementation(async () => {
      throw new Error("connection lost");
    });
    const edit = new MergedEdit<Item>("need", {
      load: async () => ({ value: { id: "n1", text: "as opened" }, revision: 3 }),
      save: async (value) => ({ value, revision: 4, conflicts: [] }),
    });
    await edit.start("n1");
    expect(edit.base?.revision).toBe(3);
    expect(edit.conflicts).toEqual([]);
  });

  it("saves plainly when the item could not be read", async () => {
    const edit = new MergedEdit<Item>("need", {
      load: async () => {
        throw new Error("gone");
      },
      save: async (value) => ({ value, revision: 1, conflicts: [] }),
    });
    await edit.start("n1");
    expect(edit.base).toBeNull();
    expect(conflictsOf).not.toHaveBeenCalled();
  });

  it("merges from what the form shows, not from a change someone saved before the form opened", async () => {
    const bases: (Based<Item> | null)[] = [];
    // Anna saved between Bo's click and his form's opening: a read now would give hers.
    const load = vi.fn(async () => ({ value: { id: "n1", text: "Annas" }, revision: 5 }));
    const edit = new MergedEdit<Item>("need", {
      load,
      save: async (value, base): Promise<Saved<Item>> => {
        bases.push(base);
        return { value, revision: 6, conflicts: [] };
      },
    });
    await edit.start("n1", { shown: { id: "n1", text: "as Bo saw it" } });
    await edit.save({ id: "n1", text: "Bos" });
    // From "Annas", Bo's text would be his change alone and replace hers without a word; from
    // what he saw, the save finds both changed it (or that she deleted it).
    expect(bases).toEqual([{ value: { id: "n1", text: "as Bo saw it" }, revision: 0 }]);
    expect(load).not.toHaveBeenCalled();
    expect(conflictsOf).toHaveBeenCalledWith("need", "n1");
  });
});
