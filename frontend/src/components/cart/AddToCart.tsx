"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { fieldMessage, mapApiErrors, type FieldErrors } from "@/lib/errors";
import { useCart } from "./CartProvider";

export function AddToCart({ product, available }: { product: string; available: number }) {
  const { addItem } = useCart();
  const id = useId();
  const [quantity, setQuantity] = useState("1");
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [added, setAdded] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const quantityError = fieldMessage(errors, "quantity");

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setErrors(null);
    setAdded(null);
    setBusy(true);
    try {
      const n = Number.parseInt(quantity, 10);
      await addItem(product, Number.isFinite(n) ? n : 0);
      setAdded(n);
    } catch (error) {
      setErrors(mapApiErrors(error, ["quantity", "product"]));
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
      <div className="field" style={{ maxWidth: 140 }}>
        <label htmlFor={`${id}-qty`}>Quantity</label>
        <input
          id={`${id}-qty`}
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={available > 0 ? available : undefined}
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
      <button type="submit" disabled={busy}>
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
