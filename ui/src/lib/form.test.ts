import { describe, expect, it } from "vitest";
import { baseField, defaultFieldOf, fieldKey, firstError } from "./form";

describe("form errors", () => {
  it("put an error on the field Rust names, without its index", () => {
    expect(defaultFieldOf({ code: "required", field: "title" })).toBe("title");
    expect(defaultFieldOf({ code: "unknown_ref", field: "need_ids[3]" })).toBe("need_ids");
    expect(baseField("levels[2].name")).toBe("levels");
  });

  it("leave an error without a field to the alert", () => {
    expect(defaultFieldOf({ code: "locked" })).toBeNull();
  });

  it("word a field error by its code", () => {
    expect(fieldKey("not_a_date")).toBe("field.not_a_date");
  });

  it("focus the first error", () => {
    expect(firstError({ statement: "Fyll i", quote: "För lång" })).toBe("statement");
    expect(firstError({})).toBeNull();
  });
});
