import { describe, expect, it } from "vitest";
import { fieldMessage, GENERIC_MESSAGE, mapApiErrors } from "@/lib/errors";

const checkoutError = {
  type: "validation_error",
  errors: [
    { code: "invalid", detail: "Enter a valid email address.", attr: "email" },
    { code: "blank", detail: "This field may not be blank.", attr: "shipping_address.name" },
    { code: "invalid_choice", detail: "Not an ISO 3166-1 alpha-2 country code.", attr: "shipping_address.country" },
  ],
};

describe("mapApiErrors", () => {
  it("puts each error next to the field its attr names", () => {
    const mapped = mapApiErrors(checkoutError, ["email", "shipping_address.name", "shipping_address.country"]);
    expect(mapped.fields).toEqual({
      email: ["Enter a valid email address."],
      "shipping_address.name": ["This field may not be blank."],
      "shipping_address.country": ["Not an ISO 3166-1 alpha-2 country code."],
    });
    expect(mapped.general).toEqual([]);
    expect(mapped.codes).toEqual(["invalid", "blank", "invalid_choice"]);
  });

  it("keeps two messages for the same field", () => {
    const mapped = mapApiErrors({
      type: "validation_error",
      errors: [
        { code: "a", detail: "First.", attr: "code" },
        { code: "b", detail: "Second.", attr: "code" },
      ],
    });
    expect(fieldMessage(mapped, "code")).toBe("First. Second.");
  });

  it("shows an error with attr null, or non_field_errors, as a general message", () => {
    const mapped = mapApiErrors({
      type: "client_error",
      errors: [
        { code: "coupon_exhausted", detail: "This coupon has been used up.", attr: null },
        { code: "invalid", detail: "Bad combination.", attr: "non_field_errors" },
      ],
    });
    expect(mapped.fields).toEqual({});
    expect(mapped.general).toEqual(["This coupon has been used up.", "Bad combination."]);
  });

  it("never drops an error naming a field the form does not show", () => {
    const mapped = mapApiErrors(
      { type: "client_error", errors: [{ code: "out_of_stock", detail: "Only 2 left of SKU-1.", attr: "items.0.quantity" }] },
      ["email", "shipping_address."],
    );
    expect(mapped.fields).toEqual({});
    expect(mapped.general).toEqual(["Only 2 left of SKU-1."]);
    expect(mapped.codes).toEqual(["out_of_stock"]);
  });

  it("treats a known prefix as covering its nested fields", () => {
    const mapped = mapApiErrors(checkoutError, ["shipping_address."]);
    expect(Object.keys(mapped.fields)).toEqual(["shipping_address.name", "shipping_address.country"]);
    expect(mapped.general).toEqual(["Enter a valid email address."]);
  });

  it("gives a general message for anything that is not the contract's shape", () => {
    expect(mapApiErrors(undefined).general).toEqual([GENERIC_MESSAGE]);
    expect(mapApiErrors({ detail: "x" }).general).toEqual([GENERIC_MESSAGE]);
    expect(mapApiErrors(new TypeError("Failed to fetch")).general[0]).toMatch(/could not be reached/);
    expect(mapApiErrors({ type: "server_error", errors: [] }).general).toEqual([GENERIC_MESSAGE]);
  });

  it("fieldMessage is undefined for a field without errors", () => {
    expect(fieldMessage(mapApiErrors(checkoutError), "shipping_address.city")).toBeUndefined();
    expect(fieldMessage(null, "email")).toBeUndefined();
  });
});
