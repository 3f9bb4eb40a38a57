"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { fieldMessage, mapApiErrors, type FieldErrors } from "@/lib/errors";

async function post(url: string, body: Record<string, string>): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw await response.json().catch(() => new Error("failed"));
}

type Field = { name: string; label: string; type: string; autoComplete: string };

function CredentialsForm({ id, title, url, fields, submitLabel }: { id: string; title: string; url: string; fields: Field[]; submitLabel: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      aria-labelledby={`${id}-heading`}
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const data = Object.fromEntries(Array.from(new FormData(event.currentTarget), ([k, v]) => [k, String(v)]));
        setBusy(true);
        setErrors(null);
        try {
          await post(url, data);
          router.refresh();
        } catch (error) {
          setErrors(mapApiErrors(error, fields.map((f) => f.name)));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id={`${id}-heading`}>{title}</h2>
      {errors?.general.map((m) => (
        <p key={m} className="form-error" role="alert">
          {m}
        </p>
      ))}
      {fields.map((f) => {
        const message = fieldMessage(errors, f.name);
        const inputId = `${id}-${f.name}`;
        return (
          <div className="field" key={f.name}>
            <label htmlFor={inputId}>{f.label}</label>
            <input
              id={inputId}
              name={f.name}
              type={f.type}
              autoComplete={f.autoComplete}
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? `${inputId}-error` : undefined}
            />
            {message && (
              <p id={`${inputId}-error`} className="field-error">
                {message}
              </p>
            )}
          </div>
        );
      })}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

export function SignInForm() {
  return (
    <CredentialsForm
      id="sign-in"
      title="Sign in"
      url="/account/session/"
      submitLabel="Sign in"
      fields={[
        { name: "email", label: "Email", type: "email", autoComplete: "username" },
        { name: "password", label: "Password", type: "password", autoComplete: "current-password" },
      ]}
    />
  );
}

export function SignUpForm() {
  return (
    <CredentialsForm
      id="sign-up"
      title="Create an account"
      url="/account/register/"
      submitLabel="Create account"
      fields={[
        { name: "first_name", label: "First name", type: "text", autoComplete: "given-name" },
        { name: "last_name", label: "Last name", type: "text", autoComplete: "family-name" },
        { name: "email", label: "Email", type: "email", autoComplete: "email" },
        { name: "password", label: "Password", type: "password", autoComplete: "new-password" },
      ]}
    />
  );
}

export function SignOutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      className="button-secondary"
      onClick={async () => {
        await fetch("/account/session/", { method: "DELETE" });
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
