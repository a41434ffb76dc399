import { describe, expect, it } from "vitest";
import { asksPassword, placeOf, userOf } from "./logic";

describe("opening a shared project", () => {
  it("asks for the password when the server wants one or refused the one typed", () => {
    expect(asksPassword("password_needed")).toBe(true);
    expect(asksPassword("auth")).toBe(true);
    expect(asksPassword("offline")).toBe(false);
  });

  it("shows what is wrong with the address under the address, the rest in an alert", () => {
    for (const code of ["required", "bad_address", "offline", "missing", "no_access", "not_medskapa", "too_new"]) {
      expect(placeOf(code), code).toBe("address");
    }
    expect(placeOf("auth")).toBe("password");
    expect(placeOf("db")).toBe("alert");
    expect(placeOf("unknown")).toBe("alert");
  });

  it("reads the user from an address", () => {
    expect(userOf("postgresql://anna@db.example/bibliotek")).toBe("anna");
    expect(userOf("postgres://anna:hemligt@db.example/bibliotek")).toBe("anna");
    expect(userOf("postgresql://%C3%B6sten@/p?host=/tmp")).toBe("östen");
    expect(userOf("postgresql://db.example/bibliotek")).toBe("");
    expect(userOf("postgresql://db.example/bibliotek?user@x")).toBe("");
  });
});
