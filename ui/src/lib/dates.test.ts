import { describe, expect, it } from "vitest";
import { daysBetween, daysLeft, formatLong, isIsoDate, datePart, monthStart, nextMonth, dayNumber, fromDayNumber } from "./dates";
import { sv } from "./i18n/sv";
import { en } from "./i18n/en";

const svMonths = sv["date.months"].split("|");
const enMonths = en["date.months"].split("|");

describe("Swedish dates", () => {
  it("formats the long form the Swedish way", () => {
    expect(formatLong("2027-03-14", svMonths)).toBe("14 mars 2027");
    expect(formatLong("2027-05-01", svMonths)).toBe("1 maj 2027");
    expect(formatLong("2026-12-31", svMonths)).toBe("31 december 2026");
    expect(formatLong("2027-03-14", enMonths)).toBe("14 March 2027");
  });

  it("leaves a non-date as it is", () => {
    expect(formatLong("inte ett datum", svMonths)).toBe("inte ett datum");
    expect(formatLong(null, svMonths)).toBe("");
  });

  it("knows real dates from lookalikes", () => {
    expect(isIsoDate("2027-02-28")).toBe(true);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2027-02-29")).toBe(false);
    expect(isIsoDate("2027-13-01")).toBe(false);
    expect(isIsoDate("2027-3-14")).toBe(false);
    expect(isIsoDate("14/3/2027")).toBe(false);
    expect(isIsoDate("")).toBe(false);
  });

  it("takes the date part of a date-time", () => {
    expect(datePart("2027-01-10T14:00")).toBe("2027-01-10");
    expect(datePart(null)).toBeNull();
  });
});

describe("days left", () => {
  it("counts calendar days, whatever the time zone", () => {
    expect(daysLeft("2026-11-29", "2026-11-29")).toBe(0);
    expect(daysLeft("2026-11-29", "2026-11-30")).toBe(1);
    expect(daysLeft("2026-11-29", "2027-05-01")).toBe(153);
    expect(daysLeft("2026-11-29", "2026-11-01")).toBe(-28);
    // over the change to summer time (Sweden: 2027-03-28)
    expect(daysBetween("2027-03-27", "2027-03-29")).toBe(2);
    // leap year
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
  });

  it("is null when a date is missing or wrong", () => {
    expect(daysLeft("2026-11-29", null)).toBeNull();
    expect(daysLeft("2026-11-29", "snart")).toBeNull();
  });

  it("finds month boundaries", () => {
    const n = dayNumber("2027-02-14")!;
    expect(fromDayNumber(monthStart(n))).toBe("2027-02-01");
    expect(fromDayNumber(nextMonth(n))).toBe("2027-03-01");
    expect(fromDayNumber(nextMonth(dayNumber("2026-12-31")!))).toBe("2027-01-01");
  });
});
