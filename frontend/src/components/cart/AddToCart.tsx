"use client";

import Link from "next/link";
import { useId, useState } from "react";
import type { Option, Variant } from "@/sdk/types.gen";
import { fieldMessage, mapApiErrors, type FieldErrors } from "@/lib/errors";
import { findVariant, isBuyable, valueState, type Choice } from "@/lib/variants";
import styles from "@/components/catalog/product.module.css";
import { useCart } from "./CartProvider";

/** A product with options: its pickers, and the choice they show (held by the caller, which shows the price). */
export type VariantPicker = {
  options: Option[];
  variants: Variant[];
  choice: Choice;
  onChoose: (choice: Choice) => void;
};

/**
 * The add-to-cart form. Without `picker` it adds the product by its slug (a product without options), as many as
 * `available` allows; with one it shows a radio group per option and adds the chosen variant by its SKU, and is
 * disabled while the chosen combination is sold out or does not exist.
 */
export function AddToCart({ product, available, picker }: { product: string; available: number; picker?: VariantPicker }) {
  const { addItem } = useCart();
  const id = useId();
  const [quantity, setQuantity] = useState("1");
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [added, setAdded] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const quantityError = fieldMessage(errors, "quantity");
  const variantError = fieldMessage(errors, "variant");
  const chosen = picker ? findVariant(picker.variants, picker.choice) : null;
  const max = picker ? (chosen?.available ?? 0) : available;
  const blocked = picker ? !isBuyable(chosen) : false;

  function choose(name: string, value: string) {
    if (!picker) return;
    setErrors(null);
    setAdded(null);
    picker.onChoose({ ...picker.choice, [name]: value });
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (blocked) return;
    setErrors(null);
    setAdded(null);
    setBusy(true);
    try {
      const n = Number.parseInt(quantity, 10);
      await addItem(product, Number.isFinite(n) ? n : 0, chosen?.sku);
      setAdded(n);
    } catch (error) {
      setErrors(mapApiErrors(error, picker ? ["quantity", "product", "variant"] : ["quantity", "product"]));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate data-testid="add-to-cart">
      {errors?.general.map((m) => (
        <p key={m} className="form-error" role="alert">
          {m}
        </p>
      ))}
      {picker && (
        <div className={styles.options} data-testid="variant-pickers">
          {picker.options.map((option, i) => (
            <fieldset
              key={option.name}
              className={styles.option}
              aria-describedby={variantError ? `${id}-variant-error` : undefined}
            >
              <legend>{option.name}</legend>
              <div className={styles.values}>
                {option.values.map((value) => {
                  const state = valueState(picker.variants, picker.choice, option.name, value);
                  return (
                    <label key={value} className={styles.value} data-state={state}>
                      <input
                        type="radio"
                        name={`${id}-option-${i}`}
                        value={value}
                        checked={picker.choice[option.name] === value}
                        onChange={() => choose(option.name, value)}
                      />
                      {value}
                      {state !== "available" && (
                        <span className={styles.valueNote}> ({state === "sold_out" ? "sold out" : "not available"})</span>
                      )}
                    </label>
                  );
                })}
              </div>
            </fieldset>
          ))}
          {variantError && (
            <p id={`${id}-variant-error`} className="field-error" role="alert">
              {variantError}
            </p>
          )}
        </div>
      )}
      <div className="field" style={{ maxWidth: 140 }}>
        <label htmlFor={`${id}-qty`}>Quantity</label>
        <input
          id={`${id}-qty`}
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={max > 0 ? max : undefined}
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          aria-invalid={quantityError ? true : undefined}
          aria-describedby={quantityError ? `${id}-qty-error` : undefined}
        />
        {quantityError && (
          <p id={`${id}-qty-error`} className="field-error" role="alert">
            {quantityError}
          </p>
        )}
        {fieldMessage(errors, "product") && <p className="field-error">{fieldMessage(errors, "product")}</p>}
      </div>
      <button type="submit" disabled={busy || blocked}>
        {busy ? "Adding…" : "Add to cart"}
      </button>
      <p aria-live="polite" role="status">
        {added !== null && (
          <>
            Added to your cart. <Link href="/cart/">View cart</Link>
          </>
        )}
      </p>
    </form>
  );
}
