// How lists are put in order on this side. One Swedish collator for the whole window:
// `localeCompare(other, "sv")` gives the same order but builds a collator on every call,
// which is slow when thousands of rows are sorted.

const sv = new Intl.Collator("sv");

/** Names and titles in Swedish order (å, ä, ö after z; case and accents as Swedish has them). */
export function bySv(a: string, b: string): number {
  return sv.compare(a, b);
}

/** ISO dates and times ("2027-03-05", "2027-03-05T18:00") by time: their text order. */
export function byIso(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
