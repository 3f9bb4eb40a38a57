"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { ordersRetrieveOptions } from "@/sdk/@tanstack/react-query.gen";
import type { Order } from "@/sdk/types.gen";
import { mapApiErrors } from "@/lib/errors";
import { compareMoney, formatMoney } from "@/lib/money";
import { describeOptions } from "@/lib/variants";
import { orderTokens } from "./cart-storage";
import styles from "./cart.module.css";
import { PaymentStep } from "./PaymentStep";

/** A guest's order, read with its access token: from `?token=` (a link in the mail) or from this tab's storage. */
export function OrderConfirmation({ number }: { number: string }) {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const url = new URL(window.location.href);
    const fromUrl = url.searchParams.get("token");
    if (fromUrl) {
      orderTokens.set(number, fromUrl);
      url.searchParams.delete("token"); // keep the token out of history and referrers
      window.history.replaceState(null, "", url.pathname + url.search);
    }
    setToken(fromUrl ?? orderTokens.get(number));
  }, [number]);

  // A guest's order with its token, straight from the API; otherwise the signed-in owner's, through this app's
  // server (which holds their token).
  const guest = useQuery({
    ...ordersRetrieveOptions({ path: { number }, headers: { "X-Order-Token": token ?? "" } }),
    enabled: Boolean(token),
    retry: false,
  });
  const owner = useQuery({
    queryKey: ["account-order", number],
    queryFn: async () => {
      const response = await fetch(`/account/orders/${encodeURIComponent(number)}/`);
      const data: unknown = await response.json().catch(() => null);
      if (!response.ok) throw data;
      return data as Order;
    },
    enabled: token === null,
    retry: false,
  });
  const query = token ? guest : owner;

  if (token === undefined || query.isPending) return <p role="status">Loading your order…</p>;
  if (query.error) {
    const { general } = mapApiErrors(query.error);
    return (
      <>
        <h1>Order {number}</h1>
        <p className="form-error" role="alert">
          {general[0] === "Not found." || general[0]?.startsWith("No ")
            ? "We could not find this order. Use the link in your confirmation email to open it."
            : general[0]}
        </p>
      </>
    );
  }
  const order = query.data;
  const money = (amount: string) => formatMoney(amount, order.currency);
  return (
    <>
      <h1>Thank you for your order</h1>
      <p>
        Order <strong data-testid="order-number">{order.number}</strong> is <strong>{order.status}</strong> (payment:{" "}
        <strong data-testid="payment-status">{order.payment_status}</strong>). We sent a confirmation to {order.email}.
      </p>
      <PaymentStep order={order} token={token ?? null} />
      <div className={styles.layout}>
        <section aria-labelledby="order-items-heading">
          <h2 id="order-items-heading">Items</h2>
          <ul className={styles.lines}>
            {order.items.map((line) => (
              <li key={line.sku} className={styles.line} style={{ gridTemplateColumns: "minmax(0,1fr) auto" }}>
                <span>
                  <Link href={`/products/${line.product_slug}/`}>{line.name}</Link>
                  {describeOptions(line.options) && (
                    <>
                      <br />
                      <span className="muted" data-testid="order-line-options">
                        {describeOptions(line.options)}
                      </span>
                    </>
                  )}
                  <br />
                  <span className="muted">
                    {line.quantity} × {money(line.unit_price)}
                  </span>
                </span>
                <strong>{money(line.line_total)}</strong>
              </li>
            ))}
          </ul>
          <h2>Shipping to</h2>
          <address style={{ fontStyle: "normal" }}>
            {order.shipping_address.name}
            <br />
            {order.shipping_address.line1}
            {order.shipping_address.line2 && (
              <>
                <br />
                {order.shipping_address.line2}
              </>
            )}
            <br />
            {order.shipping_address.postal_code} {order.shipping_address.city}
            <br />
            {order.shipping_address.country}
          </address>
        </section>
        <aside className={styles.summary} aria-labelledby="order-summary-heading">
          <h2 id="order-summary-heading">Summary</h2>
          <dl className={styles.totals}>
            <div>
              <dt>Subtotal</dt>
              <dd>{money(order.subtotal)}</dd>
            </div>
            {compareMoney(order.discount_total, "0") !== 0 && (
              <div>
                <dt>Discount{order.coupon ? ` (${order.coupon})` : ""}</dt>
                <dd>−{money(order.discount_total)}</dd>
              </div>
            )}
            <div>
              <dt>Shipping</dt>
              <dd>{compareMoney(order.shipping_total, "0") === 0 ? "Free" : money(order.shipping_total)}</dd>
            </div>
            <div className={styles.total}>
              <dt>Total</dt>
              <dd data-testid="order-total">{money(order.total)}</dd>
            </div>
          </dl>
        </aside>
      </div>
      <p>
        <Link href="/products/">Continue shopping</Link>
      </p>
    </>
  );
}
