import { describe, expect, it } from "vitest";
import { byIso, bySv } from "./collate";

describe("bySv", () => {
  it("puts å, ä and ö after z, as Swedish does", () => {
    expect(["Öppet hus", "Ärlig dialog", "Zonindelning", "Åsikter", "bibliotek", "Alla"].sort(bySv)).toEqual([
      "Alla",
      "bibliotek",
      "Zonindelning",
      "Åsikter",
      "Ärlig dialog",
      "Öppet hus",
    ]);
  });

  it("orders as localeCompare with the Swedish locale does", () => {
    const words = ["Öst", "öst", "Ost", "Äpple", "apple", "Éva", "Eva", "Ååå", "zz", ""];
    for (const a of words) for (const b of words) expect(Math.sign(bySv(a, b))).toBe(Math.sign(a.localeCompare(b, "sv")));
  });
});

describe("byIso", () => {
  it("orders dates and times by time, a day before its times", () => {
    expect(["2027-03-05T18:00", "2026-12-01", "2027-03-05", "2027-03-05T09:30"].sort(byIso)).toEqual([
      "2026-12-01",
      "2027-03-05",
      "2027-03-05T09:30",
      "2027-03-05T18:00",
    ]);
  });
});
