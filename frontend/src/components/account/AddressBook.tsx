"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Address } from "@/sdk/types.gen";
import { COUNTRIES } from "@/lib/countries";
import { fieldMessage, mapApiErrors, type FieldErrors } from "@/lib/errors";

const FIELDS = [
  { name: "name", label: "Full name", autoComplete: "name" },
  { name: "line1", label: "Address", autoComplete: "address-line1" },
  { name: "line2", label: "Apartment, suite (optional)", autoComplete: "address-line2" },
  { name: "city", label: "City", autoComplete: "address-level2" },
  { name: "postal_code", label: "Postal code", autoComplete: "postal-code" },
  { name: "phone", label: "Phone (optional)", autoComplete: "tel" },
] as const;

async function send(url: string, method: string, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: body ? { "Content-Type": "application/json" } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw await response.json().catch(() => new Error("failed")); // 204 (removed) has no body
}

/** The signed-in shopper's addresses (listed by the server page), with add and remove through this app's server. */
export function AddressBook({ addresses }: { addresses: Address[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setErrors(null);
    try {
      await action();
      router.refresh();
      return true;
    } catch (error) {
      setErrors(mapApiErrors(error, [...FIELDS.map((f) => f.name), "country"]));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="addresses-heading">
      <h2 id="addresses-heading">Your addresses</h2>
      {addresses.length === 0 ? (
        <p>No saved addresses yet.</p>
      ) : (
        <ul style={{ listStyle: "none", padding: 0, display: "grid", gap: "1rem" }} data-testid="address-list">
          {addresses.map((a) => (
            <li key={a.id} style={{ border: "1px solid var(--line)", borderRadius: 8, padding: "0.75rem 1rem" }}>
              <address style={{ fontStyle: "normal" }}>
                {a.name}, {a.line1}
                {a.line2 ? `, ${a.line2}` : ""}, {a.postal_code} {a.city}, {a.country}
              </address>
              {a.is_default && <p className="muted" style={{ margin: 0 }}>Default address</p>}
              <button
                type="button"
                className="button-secondary"
                disabled={busy}
                onClick={() => void run(() => send(`/account/addresses/${a.id}/`, "DELETE"))}
              >
                Remove<span className="visually-hidden"> the address {a.line1}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Add an address</summary>
        <form
          noValidate
          aria-label="Add an address"
          style={{ maxWidth: 480, marginTop: "1rem" }}
          onSubmit={async (event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const data = Object.fromEntries(Array.from(new FormData(form), ([k, v]) => [k, String(v).trim()]));
            const body = { ...data, is_default: data.is_default === "on" };
            if (await run(() => send("/account/addresses/", "POST", body))) form.reset();
          }}
        >
          {errors?.general.map((m) => (
            <p key={m} className="form-error" role="alert">
              {m}
            </p>
          ))}
          {FIELDS.map((f) => {
            const message = fieldMessage(errors, f.name);
            return (
              <div className="field" key={f.name}>
                <label htmlFor={`address-${f.name}`}>{f.label}</label>
                <input
                  id={`address-${f.name}`}
                  name={f.name}
                  autoComplete={f.autoComplete}
                  aria-invalid={message ? true : undefined}
                  aria-describedby={message ? `address-${f.name}-error` : undefined}
                />
                {message && (
                  <p id={`address-${f.name}-error`} className="field-error">
                    {message}
                  </p>
                )}
              </div>
            );
          })}
          <div className="field">
            <label htmlFor="address-country">Country</label>
            <select id="address-country" name="country" defaultValue="US" autoComplete="country">
              {COUNTRIES.map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
            {fieldMessage(errors, "country") && <p className="field-error">{fieldMessage(errors, "country")}</p>}
          </div>
          <label style={{ display: "flex", gap: "0.5rem", alignItems: "center", marginBottom: "1rem" }}>
            <input type="checkbox" name="is_default" style={{ minHeight: "auto" }} /> Use as my default address
          </label>
          <button type="submit" disabled={busy}>
            Save address
          </button>
        </form>
      </details>
    </section>
  );
}
