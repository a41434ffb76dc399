import { describe, expect, it } from "vitest";
import type { Stamp } from "./bindings/Stamp";
import { localMoment } from "./dates";
import { en } from "./i18n/en";
import { sv } from "./i18n/sv";
import { stampParts } from "./stamps";

const svShort = sv["date.months_short"].split("|");
const enShort = en["date.months_short"].split("|");

const stamp: Stamp = {
  id: "n1",
  created_by: "anna",
  created_by_name: "Anna Svensson",
  created_at: "2026-12-01T10:31:07Z",
  changed_by: "erik",
  changed_by_name: null,
  changed_at: "2026-12-02T09:31:59Z",
};

describe("stamps", () => {
  it("reads a stored moment on the local clock", () => {
    expect(localMoment("2026-12-01T10:31:07Z", 0)).toEqual({ date: "2026-12-01", time: "10:31" });
    expect(localMoment("2026-12-01T23:30:00Z", 60)).toEqual({ date: "2026-12-02", time: "00:30" });
    expect(localMoment("2026-07-01T10:00:00Z", 120)).toEqual({ date: "2026-07-01", time: "12:00" });
    expect(localMoment("2026-12-01", 0)).toBeNull();
    expect(localMoment(null)).toBeNull();
  });

  it("names who made and who changed, by name when they gave one", () => {
    const p = stampParts(stamp, svShort, sv["date.long"], 60);
    expect(p.created).toEqual({ who: "Anna Svensson", when: "1 dec 2026" });
    expect(p.changed).toEqual({ who: "erik", when: "2 dec 2026 10:31" });
    expect(stampParts(stamp, enShort, en["date.long"], 0).changed).toEqual({ who: "erik", when: "2 Dec 2026 09:31" });
  });

  it("leaves out what is not known", () => {
    const old: Stamp = { id: "n2", created_by: null, created_by_name: null, created_at: null, changed_by: null, changed_by_name: null, changed_at: null };
    expect(stampParts(old, svShort, sv["date.long"])).toEqual({ created: null, changed: null });
    expect(stampParts(null, svShort, sv["date.long"])).toEqual({ created: null, changed: null });
  });
});
