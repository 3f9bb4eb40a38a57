/**
 * A product's variants as the shopper picks them (the product page) and as a line names them (cart, checkout,
 * order). Pure functions over the API's shapes, unit tested in tests/unit/variants.test.ts.
 */
import type { Option, Variant } from "@/sdk/types.gen";

/** Option name -> chosen value. */
export type Choice = Record<string, string>;

/** The stock figures a variant (or an optionless product) is judged by. */
type Stocked = Pick<Variant, "available" | "in_stock">;

/** A variant can be added to a cart now. */
export function isBuyable(variant: Stocked | null | undefined): boolean {
  return !!variant && variant.in_stock && variant.available > 0;
}

/** The variant with exactly these options (every option named, no other), or null when there is none. */
export function findVariant(variants: readonly Variant[], choice: Choice): Variant | null {
  const chosen = Object.keys(choice);
  return (
    variants.find((v) => {
      const names = Object.keys(v.options);
      return names.length === chosen.length && names.every((name) => choice[name] === v.options[name]);
    }) ?? null
  );
}

/**
 * What the pickers start on: the first variant that can be bought, else the first variant (all sold out), else
 * each option's first value. Only the product's options are kept, so every picker has a value.
 */
export function initialChoice(options: readonly Option[], variants: readonly Variant[]): Choice {
  const start = variants.find(isBuyable) ?? variants[0];
  const choice: Choice = {};
  for (const option of options) {
    const value = start?.options[option.name];
    const first = option.values[0];
    if (value !== undefined) choice[option.name] = value;
    else if (first !== undefined) choice[option.name] = first;
  }
  return choice;
}

export type ValueState = "available" | "sold_out" | "missing";

/** What choosing `value` for option `name` (the other options as chosen) would give. */
export function valueState(variants: readonly Variant[], choice: Choice, name: string, value: string): ValueState {
  const variant = findVariant(variants, { ...choice, [name]: value });
  if (!variant) return "missing";
  return isBuyable(variant) ? "available" : "sold_out";
}

export const LOW_STOCK = 5;

/** "Only N left", "In stock", "Sold out"; "Not available" for a combination that does not exist (null). */
export function availabilityLabel(variant: Stocked | null | undefined): string {
  if (!variant) return "Not available";
  if (!isBuyable(variant)) return "Sold out";
  return variant.available <= LOW_STOCK ? `Only ${variant.available} left` : "In stock";
}

/** A line's options for people: "Colour: Black · Size: M" (the API's order); "" without options. */
export function describeOptions(options: Record<string, string> | null | undefined): string {
  return Object.entries(options ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join(" · ");
}
