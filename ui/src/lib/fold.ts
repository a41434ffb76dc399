// Text as the type-ahead searches compare it.

/** Lower case without diacritics ("Mötesplats" → "motesplats"), for type-ahead matching. */
export function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}
