// Opening a shared project: where the form shows what the server answered, and what an
// address says about itself. Plain logic, beside its test.

/** Where the "open shared project" form shows an error: under a field, or in an alert. */
export type SharedErrorPlace = "address" | "password" | "alert";

/** The codes about the address and its server, shown under the address. */
const ADDRESS_CODES = new Set(["required", "bad_address", "offline", "missing", "no_access", "not_medskapa", "too_new"]);

/** Where an error of this code belongs: the password the server asks for, the address, or neither. */
export function placeOf(code: string): SharedErrorPlace {
  if (code === "password_needed" || code === "auth") return "password";
  return ADDRESS_CODES.has(code) ? "address" : "alert";
}

/** Whether the server wants a password typed (the first time, or again after a wrong one). */
export function asksPassword(code: string): boolean {
  return placeOf(code) === "password";
}

/** The user an address names (`postgresql://anna@server/db` → "anna"); "" when it names none. */
export function userOf(address: string): string {
  const m = /^postgres(?:ql)?:\/\/([^@/?#]*)@/.exec(address.trim());
  if (!m) return "";
  const user = m[1].split(":")[0];
  try {
    return decodeURIComponent(user);
  } catch {
    return user;
  }
}
