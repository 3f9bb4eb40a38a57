import { describe, expect, it } from "vitest";
import {
  availabilityLabel,
  describeOptions,
  findVariant,
  initialChoice,
  isBuyable,
  valueState,
} from "@/lib/variants";
import type { Option, Variant } from "@/sdk/types.gen";

const options: Option[] = [
  { name: "Colour", values: ["Black", "Navy"] },
  { name: "Size", values: ["S", "M", "L"] },
];

function variant(sku: string, opts: Record<string, string>, available: number, in_stock = available > 0): Variant {
  return { sku, options: opts, price: "40.00", sale_price: "40.00", available, in_stock, image: null };
}

// Black/S sold out, Black/M low, Navy/S plenty, Navy/M flagged out of stock, no Navy/L (nor Black/L).
const variants: Variant[] = [
  variant("SH-BLK-S", { Colour: "Black", Size: "S" }, 0),
  variant("SH-BLK-M", { Colour: "Black", Size: "M" }, 3),
  variant("SH-NAV-S", { Colour: "Navy", Size: "S" }, 12),
  variant("SH-NAV-M", { Colour: "Navy", Size: "M" }, 4, false),
];

describe("finding the variant for the chosen options", () => {
  it("finds the variant with exactly those options", () => {
    expect(findVariant(variants, { Colour: "Navy", Size: "S" })?.sku).toBe("SH-NAV-S");
    expect(findVariant(variants, { Size: "M", Colour: "Black" })?.sku).toBe("SH-BLK-M"); // order does not matter
  });

  it("answers null for a combination that does not exist, or a partial or extra choice", () => {
    expect(findVariant(variants, { Colour: "Navy", Size: "L" })).toBeNull();
    expect(findVariant(variants, { Colour: "Navy" })).toBeNull();
    expect(findVariant(variants, { Colour: "Navy", Size: "S", Fit: "Slim" })).toBeNull();
  });

  it("finds the one variant of a product without options by an empty choice", () => {
    const only = variant("MUG-1", {}, 5);
    expect(findVariant([only], {})).toBe(only);
  });
});

describe("the first choice", () => {
  it("is the first variant that can be bought", () => {
    expect(initialChoice(options, variants)).toEqual({ Colour: "Black", Size: "M" });
  });

  it("is the first variant when all are sold out", () => {
    const soldOut = variants.map((v) => ({ ...v, available: 0, in_stock: false }));
    expect(initialChoice(options, soldOut)).toEqual({ Colour: "Black", Size: "S" });
  });

  it("falls back to each option's first value", () => {
    expect(initialChoice(options, [])).toEqual({ Colour: "Black", Size: "S" });
    expect(initialChoice([], [variant("MUG-1", {}, 5)])).toEqual({});
  });
});

describe("availability", () => {
  it("needs the in-stock flag and units", () => {
    expect(isBuyable(variants[1])).toBe(true);
    expect(isBuyable(variants[0])).toBe(false); // no units
    expect(isBuyable(variants[3])).toBe(false); // units, but flagged out of stock
    expect(isBuyable(null)).toBe(false);
  });

  it("labels the chosen variant", () => {
    expect(availabilityLabel(variants[2])).toBe("In stock");
    expect(availabilityLabel(variant("X", {}, 5))).toBe("Only 5 left");
    expect(availabilityLabel(variants[1])).toBe("Only 3 left");
    expect(availabilityLabel(variant("X", {}, 6))).toBe("In stock");
    expect(availabilityLabel(variants[0])).toBe("Sold out");
    expect(availabilityLabel(variants[3])).toBe("Sold out");
    expect(availabilityLabel(null)).toBe("Not available");
  });

  it("tells what each value would give with the other options as chosen", () => {
    const choice = { Colour: "Black", Size: "M" };
    expect(valueState(variants, choice, "Size", "M")).toBe("available");
    expect(valueState(variants, choice, "Size", "S")).toBe("sold_out");
    expect(valueState(variants, choice, "Size", "L")).toBe("missing");
    expect(valueState(variants, choice, "Colour", "Navy")).toBe("sold_out"); // Navy/M is flagged out
  });
});

describe("a line's options", () => {
  it("reads as name: value pairs in the API's order", () => {
    expect(describeOptions({ Colour: "Black", Size: "M" })).toBe("Colour: Black · Size: M");
  });

  it("is empty without options", () => {
    expect(describeOptions({})).toBe("");
    expect(describeOptions(undefined)).toBe("");
  });
});
