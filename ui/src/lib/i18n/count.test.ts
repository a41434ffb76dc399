import { afterEach, describe, expect, it } from "vitest";
import { setLang, tCount } from "./index.svelte";

describe("tCount", () => {
  afterEach(() => setLang("sv"));

  it("says one key question in the singular and more in the plural, in Swedish", () => {
    setLang("sv");
    const of = (answered: number, total: number) =>
      tCount("overview.readiness_1", "overview.readiness", total, { answered, total });
    expect(of(0, 1)).toBe("0 av 1 nyckelfråga besvarad");
    expect(of(1, 2)).toBe("1 av 2 nyckelfrågor besvarade");
  });

  it("does the same in English", () => {
    setLang("en");
    const of = (answered: number, total: number) =>
      tCount("overview.readiness_1", "overview.readiness", total, { answered, total });
    expect(of(0, 1)).toBe("0 of 1 key question answered");
    expect(of(2, 3)).toBe("2 of 3 key questions answered");
  });
});
