import { describe, expect, it } from "vitest";
import { en } from "./en";
import { sv } from "./sv";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("catalogues", () => {
  it("have the same keys", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
  });

  it("use the same placeholders in both languages", () => {
    for (const key of Object.keys(sv) as (keyof typeof sv)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(sv[key]));
    }
  });

  it("keep Swedish letters intact", () => {
    expect(sv["nav.oversikt"]).toBe("Översikt");
    expect(sv["nav.nyckelfragor"]).toBe("Nyckelfrågor");
    expect(sv["nav.installningar"]).toBe("Inställningar");
    expect(en["nav.oversikt"]).toBe("Overview");
  });

  it("name twelve months", () => {
    expect(sv["date.months"].split("|")).toHaveLength(12);
    expect(sv["date.months_short"].split("|")).toHaveLength(12);
    expect(en["date.months"].split("|")).toHaveLength(12);
    expect(en["date.months_short"].split("|")).toHaveLength(12);
  });
});
