import { describe, expect, it } from "vitest";
import { en } from "./en";
import { sv } from "./sv";

// The codes a CoreError can carry (the core's ErrorCode, and `cancelled`).
const ERROR_CODES = [
  "not_sqlite", "not_medskapa", "too_new", "locked", "missing", "exists", "read_only", "io", "same_file", "damaged",
  "busy", "db", "not_text", "not_workbook", "no_table", "missing_column", "not_found", "in_use", "cannot_undo", "invalid",
  "required", "not_a_date", "not_a_time", "negative", "end_before_start", "too_long", "unknown_ref", "cycle",
  "not_a_color", "no_project", "internal", "cancelled",
];

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

  it("word every error code in both languages", () => {
    const missing = ERROR_CODES.flatMap((code) =>
      [sv, en].filter((cat) => !(`error.code.${code}` in cat)).map((cat) => `${cat === sv ? "sv" : "en"}: error.code.${code}`),
    );
    expect(missing).toEqual([]);
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
