"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ordersPaymentsCreateMutation, paymentsProvidersListOptions } from "@/sdk/@tanstack/react-query.gen";
import type { Order, PaymentCreateInputRequest, PaymentCreated } from "@/sdk/types.gen";
import { fieldMessage, mapApiErrors, type FieldErrors } from "@/lib/errors";

async function payAsOwner(number: string, body: PaymentCreateInputRequest): Promise<PaymentCreated> {
  const response = await fetch(`/account/orders/${encodeURIComponent(number)}/payments/`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) throw data;
  return data as PaymentCreated;
}

/** The payment step of an unpaid order: the operator's providers; a redirect provider sends the shopper to pay. */
export function PaymentStep({ order, token }: { order: Order; token: string | null }) {
  const queryClient = useQueryClient();
  const providers = useQuery(paymentsProvidersListOptions());
  const asGuest = useMutation(ordersPaymentsCreateMutation());
  const asOwner = useMutation({ mutationFn: (body: PaymentCreateInputRequest) => payAsOwner(order.number, body) });
  const [provider, setProvider] = useState<string>("");
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [manual, setManual] = useState(false);
  const busy = asGuest.isPending || asOwner.isPending;

  if (order.payment_status !== "unpaid" && order.payment_status !== "failed") return null;
  if (order.status !== "pending" || !providers.data?.length) return null;
  const chosen = provider || providers.data[0]!.id;
  const providerError = fieldMessage(errors, "provider");

  async function pay(event: React.FormEvent) {
    event.preventDefault();
    setErrors(null);
    const body = { provider: chosen, return_url: `${window.location.origin}/orders/${encodeURIComponent(order.number)}/` };
    try {
      const payment = token
        ? await asGuest.mutateAsync({ path: { number: order.number }, body, headers: { "X-Order-Token": token } })
        : await asOwner.mutateAsync(body);
      if (payment.next_action?.type === "redirect") {
        window.location.assign(payment.next_action.url);
        return;
      }
      setManual(true);
      await queryClient.invalidateQueries();
    } catch (error) {
      setErrors(mapApiErrors(error, ["provider", "return_url"]));
    }
  }

  if (manual) {
    return (
      <p role="status" data-testid="payment-recorded">
        Thank you: we will confirm your payment as soon as it arrives.
      </p>
    );
  }
  return (
    <form onSubmit={pay} aria-labelledby="payment-heading" data-testid="payment-step">
      <h2 id="payment-heading">Payment</h2>
      {errors?.general.map((m) => (
        <p key={m} className="form-error" role="alert">
          {m}
        </p>
      ))}
      <fieldset style={{ border: 0, padding: 0, margin: "0 0 1rem" }} aria-describedby={providerError ? "provider-error" : undefined}>
        <legend className="visually-hidden">How would you like to pay?</legend>
        {providers.data.map((p) => (
          <label key={p.id} style={{ display: "flex", gap: "0.5rem", alignItems: "center", minHeight: 44 }}>
            <input
              type="radio"
              name="provider"
              value={p.id}
              checked={chosen === p.id}
              onChange={() => setProvider(p.id)}
              style={{ minHeight: "auto", width: "1.1rem", height: "1.1rem" }}
            />
            {p.name}
          </label>
        ))}
        {providerError && (
          <p id="provider-error" className="field-error">
            {providerError}
          </p>
        )}
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? "Starting payment…" : "Pay now"}
      </button>
    </form>
  );
}
