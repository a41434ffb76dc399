import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../bindings/ErrorCode";
import { en } from "./en";
import { sv } from "./sv";

// Every error code the core sends: a missing or extra entry does not type-check, because
// the keys are the generated ErrorCode union (the core's own test reads the same catalogues).
const ERROR_CODES: Record<ErrorCode, true> = {
  not_sqlite: true, not_medskapa: true, too_new: true, needs_upgrade: true, locked: true, open_elsewhere: true, missing: true, exists: true,
  read_only: true, io: true, same_file: true, damaged: true, busy: true, db: true, not_text: true,
  not_workbook: true, no_table: true, missing_column: true, not_found: true, in_use: true,
  cannot_undo: true, deleted: true, invalid: true, personal_data: true, required: true, not_a_date: true, not_a_time: true, negative: true,
  end_before_start: true, too_long: true, unknown_ref: true, cycle: true, not_a_color: true,
  no_project: true, internal: true, bad_address: true, offline: true, password_needed: true,
  auth: true, no_access: true, not_empty: true,
};

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
    const missing = [...(Object.keys(ERROR_CODES) as ErrorCode[]), "unknown"].flatMap((code) =>
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
