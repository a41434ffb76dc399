import { afterEach, describe, expect, it } from "vitest";
import { formatNumber, setLang } from "./index.svelte";

describe("formatNumber", () => {
  afterEach(() => setLang("sv"));

  it("groups thousands the Swedish way in Swedish", () => {
    setLang("sv");
    expect(formatNumber(6015)).toBe("6\u00a0015");
    expect(formatNumber(1234567)).toBe("1\u00a0234\u00a0567");
    expect(formatNumber(12)).toBe("12");
  });

  it("groups thousands the English way in English", () => {
    setLang("en");
    expect(formatNumber(6015)).toBe("6,015");
    expect(formatNumber(1234567)).toBe("1,234,567");
  });

  it("follows the language switch", () => {
    setLang("en");
    expect(formatNumber(6015)).toBe("6,015");
    setLang("sv");
    expect(formatNumber(6015)).toBe("6\u00a0015");
  });

  it("takes options, with the language's decimal sign", () => {
    setLang("sv");
    expect(formatNumber(1.25, { maximumFractionDigits: 1 })).toMatch(/^1,[23]$/);
    setLang("en");
    expect(formatNumber(1.25, { maximumFractionDigits: 1 })).toMatch(/^1\.[23]$/);
  });
});
