import { describe, expect, it, vi } from "vitest";
import { flushSync } from "svelte";
import type { Based } from "./bindings/Based";

const showError = vi.fn();
vi.mock("./store.svelte", () => ({ showError: (...a: unknown[]) => showError(...a) }));

const { wholeForForm } = await import("./whole.svelte");

interface Item {
  id: string;
  notes: string;
}

/** `wholeForForm` over `read`, following `opening` as a form's page would; `stop` ends it. */
function follow(read: (id: string) => Promise<Based<Item>>, opening: () => { key: number; id: string | null }) {
  let whole!: ReturnType<typeof wholeForForm<Item>>;
  const stop = $effect.root(() => {
    whole = wholeForForm(read, opening);
  });
  flushSync();
  return { whole, stop };
}

/** Wait until the reads' promises have settled and the effects have run. */
async function settled() {
  await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

describe("an item read whole for its form", () => {
  it("gives the item read for the opening in view, and only that one", async () => {
    let opening = $state({ key: 1, id: "a" as string | null });
    const read = vi.fn(async (id: string): Promise<Based<Item>> => ({ value: { id, notes: `om ${id}` }, revision: 3 }));
    const { whole, stop } = follow(read, () => opening);
    expect(whole.based).toBeNull();
    await settled();
    expect(whole.based?.value).toEqual({ id: "a", notes: "om a" });
    expect(whole.failed).toBe(false);

    opening = { key: 2, id: "b" };
    flushSync();
    expect(whole.based).toBeNull();
    await settled();
    expect(whole.based?.value.id).toBe("b");
    expect(read).toHaveBeenCalledTimes(2);
    stop();
  });

  it("stops waiting when the item cannot be read, and says why", async () => {
    showError.mockReset();
    let opening = $state({ key: 1, id: "gone" as string | null });
    const read = vi.fn(async (): Promise<Based<Item>> => {
      throw { kind: "not_found", message: "Dialogen finns inte längre." };
    });
    const { whole, stop } = follow(read, () => opening);
    expect(whole.failed).toBe(false);
    await settled();
    expect(whole.failed).toBe(true);
    expect(whole.based).toBeNull();
    // It is not read again and again, each time with an alert.
    await settled();
    expect(read).toHaveBeenCalledTimes(1);
    expect(showError).toHaveBeenCalledWith("common.error_title", { kind: "not_found", message: "Dialogen finns inte längre." });

    // Opening another item waits for it again.
    opening = { key: 2, id: "other" };
    flushSync();
    expect(whole.failed).toBe(false);
    stop();
  });

  it("drops a read that comes after the form has moved on", async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    let opening = $state({ key: 1, id: "a" as string | null });
    const read = vi.fn(async (id: string): Promise<Based<Item>> => {
      if (id === "a") await slow;
      return { value: { id, notes: "" }, revision: 1 };
    });
    const { whole, stop } = follow(read, () => opening);
    opening = { key: 2, id: "b" };
    flushSync();
    await settled();
    release();
    await settled();
    expect(whole.based?.value.id).toBe("b");
    stop();
  });
});
