"use client";

import Link from "next/link";
import { useState } from "react";
import type { CartItem } from "@/sdk/types.gen";
import { fieldMessage, mapApiErrors, type FieldErrors } from "@/lib/errors";
import { mediaUrl } from "@/lib/images";
import { compareMoney, formatMoney } from "@/lib/money";
import { describeOptions } from "@/lib/variants";
import { useCart } from "./CartProvider";
import styles from "./cart.module.css";

export function CartView() {
  const { cart, isLoading } = useCart();
  if (isLoading) return <p role="status">Loading your cart…</p>;
  if (!cart || cart.items.length === 0) {
    return (
      <p>
        Your cart is empty. <Link href="/products/">Browse products</Link>
      </p>
    );
  }
  return (
    <div className={styles.layout}>
      <ul className={styles.lines} aria-label="Items in your cart">
        {cart.items.map((item) => (
          <CartLine key={item.id} item={item} currency={cart.currency} />
        ))}
      </ul>
      <aside className={styles.summary} aria-labelledby="summary-heading">
        <h2 id="summary-heading">Order summary</h2>
        <CartTotals />
        <CouponForm />
        <Link href="/checkout/" className="button" data-testid="go-to-checkout">
          Go to checkout
        </Link>
      </aside>
    </div>
  );
}

export function CartTotals() {
  const { cart } = useCart();
  if (!cart) return null;
  return (
    <>
    <dl className={styles.totals} data-testid="cart-totals">
      <div>
        <dt>Subtotal</dt>
        <dd>{formatMoney(cart.subtotal, cart.currency)}</dd>
      </div>
      {compareMoney(cart.discount_total, "0") !== 0 && (
        <div>
          <dt>Discount{cart.coupon ? ` (${cart.coupon})` : ""}</dt>
          <dd data-testid="cart-discount">−{formatMoney(cart.discount_total, cart.currency)}</dd>
        </div>
      )}
      <div className={styles.total}>
        <dt>Total</dt>
        <dd data-testid="cart-total">{formatMoney(cart.total, cart.currency)}</dd>
      </div>
    </dl>
    <p className="muted">Shipping is added at checkout.</p>
    </>
  );
}

function CartLine({ item, currency }: { item: CartItem; currency: string }) {
  const { setQuantity, removeItem } = useCart();
  const [quantity, setQty] = useState(String(item.quantity));
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = `qty-${item.id}`;
  const qtyError = fieldMessage(errors, "quantity");
  const options = describeOptions(item.variant.options);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setErrors(null);
    try {
      await action();
    } catch (error) {
      setErrors(mapApiErrors(error, ["quantity"]));
      setQty(String(item.quantity));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={styles.line} data-testid="cart-line">
      {item.product.image ? (
        // eslint-disable-next-line @next/next/no-img-element
        <img src={mediaUrl(item.product.image.url)} alt="" width={88} height={88} className={styles.thumb} />
      ) : (
        <span className={styles.thumb} aria-hidden="true" />
      )}
      <div className={styles.lineInfo}>
        <Link href={`/products/${item.product.slug}/`}>{item.product.name}</Link>
        {options && (
          <span className="muted" data-testid="cart-line-options">
            {options}
          </span>
        )}
        <span className="muted">
          {formatMoney(item.unit_price, currency)} each · SKU {item.variant.sku}
        </span>
        <form
          className={styles.qtyForm}
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number.parseInt(quantity, 10);
            void run(() => setQuantity(item.id, Number.isFinite(n) ? n : 0));
          }}
        >
          <label htmlFor={inputId}>Quantity</label>
          <input
            id={inputId}
            type="number"
            min={0}
            inputMode="numeric"
            value={quantity}
            onChange={(e) => setQty(e.target.value)}
            aria-invalid={qtyError ? true : undefined}
            aria-describedby={qtyError ? `${inputId}-error` : undefined}
          />
          <button type="submit" className="button-secondary" disabled={busy}>
            Update
          </button>
          <button type="button" className="button-secondary" disabled={busy} onClick={() => void run(() => removeItem(item.id))}>
            Remove<span className="visually-hidden"> {item.product.name}{options && ` (${options})`}</span>
          </button>
        </form>
        {qtyError && (
          <p id={`${inputId}-error`} className="field-error" role="alert">
            {qtyError}
          </p>
        )}
        {errors?.general.map((m) => (
          <p key={m} className="field-error" role="alert">
            {m}
          </p>
        ))}
      </div>
      <strong className={styles.lineTotal}>{formatMoney(item.line_total, currency)}</strong>
    </li>
  );
}

export function CouponForm() {
  const { cart, applyCoupon, removeCoupon } = useCart();
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const codeError = fieldMessage(errors, "code");
  if (!cart) return null;

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setErrors(null);
    try {
      await action();
      setCode("");
    } catch (error) {
      setErrors(mapApiErrors(error, ["code"]));
    } finally {
      setBusy(false);
    }
  }

  if (cart.coupon) {
    return (
      <p className={styles.coupon}>
        Coupon <strong data-testid="applied-coupon">{cart.coupon}</strong> applied.{" "}
        <button type="button" className="button-secondary" disabled={busy} onClick={() => void run(removeCoupon)}>
          Remove coupon
        </button>
      </p>
    );
  }
  return (
    <form
      className={styles.coupon}
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => applyCoupon(code.trim()));
      }}
      noValidate
    >
      {errors?.general.map((m) => (
        <p key={m} className="form-error" role="alert">
          {m}
        </p>
      ))}
      <div className="field">
        <label htmlFor="coupon-code">Coupon code</label>
        <div className={styles.inline}>
          <input
            id="coupon-code"
            name="code"
            value={code}
            autoComplete="off"
            onChange={(e) => setCode(e.target.value)}
            aria-invalid={codeError ? true : undefined}
            aria-describedby={codeError ? "coupon-code-error" : undefined}
          />
          <button type="submit" className="button-secondary" disabled={busy || !code.trim()}>
            Apply
          </button>
        </div>
        {codeError && (
          <p id="coupon-code-error" className="field-error" role="alert">
            {codeError}
          </p>
        )}
      </div>
    </form>
  );
}
