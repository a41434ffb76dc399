import { describe, expect, it } from "vitest";
import { lastSeen } from "./lastSeen";

describe("lastSeen", () => {
  it("keeps a selected item that the project no longer has, until another is selected", () => {
    const seen = lastSeen<{ id: string; title: string }>();
    const a = { id: "a", title: "Före" };
    expect(seen(a, "a")).toBe(a);
    expect(seen(null, "a")).toBe(a);
    expect(seen(null, "b")).toBeNull();
    const b = { id: "b", title: "Annan" };
    expect(seen(b, "b")).toBe(b);
    expect(seen(null, "a")).toBeNull();
  });
});
