import { sv, type Key, type Catalogue } from "./sv";
import { en } from "./en";
import { daysLeft, formatLong } from "../dates";

export type Lang = "sv" | "en";
export type { Key };

const catalogues: Record<Lang, Catalogue> = { sv, en };

const state = $state({ lang: "sv" as Lang });

export function lang(): Lang {
  return state.lang;
}

/** Switch the UI language (the caller persists it through `set_lang`). */
export function setLang(l: Lang): void {
  state.lang = l;
  if (typeof document !== "undefined") document.documentElement.lang = l;
}

export function interpolate(s: string, params?: Record<string, string | number>): string {
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The text for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: Key, params?: Record<string, string | number>): string {
  return interpolate(catalogues[state.lang][key], params);
}

/** `one` when `n` is 1, else `many`: "1 nyckelfråga", "2 nyckelfrågor". */
export function tCount(one: Key, many: Key, n: number, params?: Record<string, string | number>): string {
  return t(n === 1 ? one : many, params);
}

/** Like `t`, for a key built at run time (codes from Rust); `fallback` when it is unknown. */
export function tCode(key: string, fallback: Key, params?: Record<string, string | number>): string {
  const cat = catalogues[state.lang] as Record<string, string>;
  return interpolate(cat[key] ?? cat[fallback], params);
}

export function hasKey(key: string): key is Key {
  return key in sv;
}

const LOCALES: Record<Lang, string> = { sv: "sv-SE", en: "en-GB" };
const plain = new Map<Lang, Intl.NumberFormat>();

/**
 * A number grouped the way the current language writes it: "6 015" (sv, with a no-break
 * space), "6,015" (en). Reading the language makes it follow the language switch.
 */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  const l = state.lang;
  if (options) return new Intl.NumberFormat(LOCALES[l], options).format(n);
  let nf = plain.get(l);
  if (!nf) plain.set(l, (nf = new Intl.NumberFormat(LOCALES[l])));
  return nf.format(n);
}

export function months(): string[] {
  return t("date.months").split("|");
}

export function monthsShort(): string[] {
  return t("date.months_short").split("|");
}

/** "14 mars 2027" (or "14 March 2027"). */
export function longDate(iso: string | null | undefined): string {
  return formatLong(iso, months(), t("date.long"));
}

/** "om 12 dagar", "i dag", "för 3 dagar sedan". */
export function relDays(n: number): string {
  if (n === 0) return t("date.today");
  if (n === 1) return t("date.in_days_1");
  if (n > 1) return t("date.in_days", { n });
  if (n === -1) return t("date.ago_days_1");
  return t("date.ago_days", { n: -n });
}

/** "12 dagar kvar", "i dag", "3 dagar sent". */
export function leftDays(n: number): string {
  if (n === 0) return t("date.today");
  if (n === 1) return t("date.days_left_1");
  if (n > 1) return t("date.days_left", { n });
  if (n === -1) return t("date.days_over_1");
  return t("date.days_over", { n: -n });
}

export function relFromToday(today: string, iso: string | null | undefined): string {
  const n = daysLeft(today, iso);
  return n === null ? "" : relDays(n);
}
