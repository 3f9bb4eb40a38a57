"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { ordersCreateMutation } from "@/sdk/@tanstack/react-query.gen";
import type { Address, OrderCreateInputRequest, OrderCreated, ShippingAddressRequest } from "@/sdk/types.gen";
import { COUNTRIES } from "@/lib/countries";
import { fieldMessage, mapApiErrors, type FieldErrors } from "@/lib/errors";
import { describeOptions } from "@/lib/variants";
import { checkoutIdempotencyKey, clearCheckoutIdempotencyKey, orderTokens } from "./cart-storage";
import { CartTotals } from "./CartView";
import { useCart } from "./CartProvider";
import styles from "./cart.module.css";

type AddressField = keyof ShippingAddressRequest;
const ADDRESS_FIELDS: ReadonlyArray<{ name: AddressField; label: string; autoComplete: string; required: boolean }> = [
  { name: "name", label: "Full name", autoComplete: "name", required: true },
  { name: "line1", label: "Address", autoComplete: "address-line1", required: true },
  { name: "line2", label: "Apartment, suite (optional)", autoComplete: "address-line2", required: false },
  { name: "city", label: "City", autoComplete: "address-level2", required: true },
  { name: "postal_code", label: "Postal code", autoComplete: "postal-code", required: true },
  { name: "phone", label: "Phone (optional)", autoComplete: "tel", required: false },
];
const KNOWN = ["email", "cart", ...ADDRESS_FIELDS.map((f) => `shipping_address.${f.name}`), "shipping_address.country"];

/** A signed-in shopper's order goes through this app's server, which holds their token (httpOnly cookie). */
async function placeAsUser({ body, headers }: { body: OrderCreateInputRequest; headers: Record<string, string> }) {
  const response = await fetch("/account/orders/", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) throw data;
  return data as OrderCreated;
}

export function CheckoutForm({ account }: { account: { email: string; address?: Address | null } | null }) {
  const router = useRouter();
  const { cart, cartId, isLoading, forget } = useCart();
  const asGuest = useMutation(ordersCreateMutation());
  const asUser = useMutation({ mutationFn: placeAsUser });
  const placeOrder = account ? asUser : asGuest;
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // After a failed attempt, take the shopper to the first thing to fix.
  useEffect(() => {
    if (!errors) return;
    formRef.current?.querySelector<HTMLElement>('[role="alert"], [aria-invalid="true"]')?.focus();
  }, [errors]);

  if (isLoading) return <p role="status">Loading your cart…</p>;
  if (!cart || !cartId || cart.items.length === 0) {
    return (
      <p>
        Your cart is empty. <Link href="/products/">Browse products</Link>
      </p>
    );
  }

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const address: ShippingAddressRequest = {
      name: text("name"),
      line1: text("line1"),
      city: text("city"),
      postal_code: text("postal_code"),
      country: text("country"),
    };
    if (text("line2")) address.line2 = text("line2");
    if (text("phone")) address.phone = text("phone");
    setErrors(null);
    try {
      const order = await placeOrder.mutateAsync({
        body: { cart: cartId!, email: text("email"), shipping_address: address },
        // The same key on every retry of this attempt: a repeated request returns the same order, never a second.
        headers: { "Idempotency-Key": checkoutIdempotencyKey() },
      });
      clearCheckoutIdempotencyKey();
      if (order.access_token) orderTokens.set(order.number, order.access_token);
      forget();
      router.push(`/orders/${encodeURIComponent(order.number)}/`);
    } catch (error) {
      setErrors(mapApiErrors(error, KNOWN));
    }
  }

  const err = (attr: string) => fieldMessage(errors, attr);
  const describedBy = (attr: string, id: string) => (err(attr) ? `${id}-error` : undefined);
  const lineProblem = errors?.codes.some((c) => c === "out_of_stock" || c === "cart_checked_out");

  return (
    <div className={styles.layout}>
      <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="checkout-heading" data-testid="checkout-form">
        <h2 id="checkout-heading">Contact and shipping</h2>
        <p className="muted">
          {account ? (
            <>Signed in as {account.email}: the order is saved to your account.</>
          ) : (
            <>
              Checking out as a guest. <Link href="/account/">Sign in</Link> to save the order to your account.
            </>
          )}
        </p>
        {errors && errors.general.length > 0 && (
          <div className="form-error" role="alert" tabIndex={-1}>
            {errors.general.map((m) => (
              <p key={m} style={{ margin: 0 }}>
                {m}
              </p>
            ))}
            {lineProblem && (
              <p style={{ margin: 0 }}>
                <Link href="/cart/">Change your cart</Link>
              </p>
            )}
          </div>
        )}
        {err("cart") && (
          <p className="form-error" role="alert">
            {err("cart")}
          </p>
        )}
        <div className="field">
          <label htmlFor="checkout-email">Email</label>
          <input
            id="checkout-email"
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={account?.email}
            aria-invalid={err("email") ? true : undefined}
            aria-describedby={describedBy("email", "checkout-email")}
          />
          {err("email") && (
            <p id="checkout-email-error" className="field-error">
              {err("email")}
            </p>
          )}
        </div>
        {ADDRESS_FIELDS.map((f) => {
          const attr = `shipping_address.${f.name}`;
          const id = `checkout-${f.name}`;
          return (
            <div className="field" key={f.name}>
              <label htmlFor={id}>{f.label}</label>
              <input
                id={id}
                name={f.name}
                autoComplete={`shipping ${f.autoComplete}`}
                required={f.required}
                type={f.name === "phone" ? "tel" : "text"}
                defaultValue={account?.address?.[f.name] ?? undefined}
                aria-invalid={err(attr) ? true : undefined}
                aria-describedby={describedBy(attr, id)}
              />
              {err(attr) && (
                <p id={`${id}-error`} className="field-error">
                  {err(attr)}
                </p>
              )}
            </div>
          );
        })}
        <div className="field">
          <label htmlFor="checkout-country">Country</label>
          <select
            id="checkout-country"
            name="country"
            autoComplete="shipping country"
            defaultValue={account?.address?.country || "US"}
            aria-invalid={err("shipping_address.country") ? true : undefined}
            aria-describedby={describedBy("shipping_address.country", "checkout-country")}
          >
            {COUNTRIES.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
          {err("shipping_address.country") && (
            <p id="checkout-country-error" className="field-error">
              {err("shipping_address.country")}
            </p>
          )}
        </div>
        <button type="submit" disabled={placeOrder.isPending}>
          {placeOrder.isPending ? "Placing your order…" : "Place order"}
        </button>
      </form>
      <aside className={styles.summary} aria-labelledby="checkout-summary-heading">
        <h2 id="checkout-summary-heading">Your order</h2>
        <ul className={styles.lines}>
          {cart.items.map((item) => (
            <li key={item.id}>
              {item.quantity} × {item.product.name}
              <br />
              <span className="muted">
                {[describeOptions(item.variant.options), `SKU ${item.variant.sku}`].filter(Boolean).join(" · ")}
              </span>
            </li>
          ))}
        </ul>
        <CartTotals />
        <Link href="/cart/">Edit cart</Link>
      </aside>
    </div>
  );
}
