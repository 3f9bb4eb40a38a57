"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { authPasswordResetConfirmMutation, authPasswordResetMutation } from "@/sdk/@tanstack/react-query.gen";
import { fieldMessage, mapApiErrors, type FieldErrors } from "@/lib/errors";

/** Asks for a reset link. The API answers 202 whether or not the account exists, and so does this form. */
export function PasswordResetRequest() {
  const request = useMutation(authPasswordResetMutation());
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [sent, setSent] = useState(false);
  const emailError = fieldMessage(errors, "email");
  if (sent) {
    return (
      <p role="status" data-testid="reset-sent">
        If an account uses that address, we have sent it a link to choose a new password.
      </p>
    );
  }
  return (
    <form
      aria-labelledby="reset-heading"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setErrors(null);
        const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
        try {
          await request.mutateAsync({ body: { email } });
          setSent(true);
        } catch (error) {
          setErrors(mapApiErrors(error, ["email"]));
        }
      }}
    >
      <h2 id="reset-heading">Forgot your password?</h2>
      {errors?.general.map((m) => (
        <p key={m} className="form-error" role="alert">
          {m}
        </p>
      ))}
      <div className="field">
        <label htmlFor="reset-email">Email</label>
        <input
          id="reset-email"
          name="email"
          type="email"
          autoComplete="email"
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? "reset-email-error" : undefined}
        />
        {emailError && (
          <p id="reset-email-error" className="field-error">
            {emailError}
          </p>
        )}
      </div>
      <button type="submit" className="button-secondary" disabled={request.isPending}>
        Send me a link
      </button>
    </form>
  );
}

/** Chooses a new password with the emailed link's uid and token. */
export function PasswordResetConfirm({ uid, token }: { uid: string; token: string }) {
  const confirm = useMutation(authPasswordResetConfirmMutation());
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [done, setDone] = useState(false);
  const passwordError = fieldMessage(errors, "password");
  if (done) {
    return (
      <p role="status">
        Your password has been changed. <Link href="/account/">Sign in</Link>
      </p>
    );
  }
  return (
    <form
      aria-label="Choose a new password"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setErrors(null);
        const password = String(new FormData(event.currentTarget).get("password") ?? "");
        try {
          await confirm.mutateAsync({ body: { uid, token, password } });
          setDone(true);
        } catch (error) {
          setErrors(mapApiErrors(error, ["password"]));
        }
      }}
    >
      {errors?.general.map((m) => (
        <p key={m} className="form-error" role="alert">
          {m}
        </p>
      ))}
      <div className="field" style={{ maxWidth: 420 }}>
        <label htmlFor="new-password">New password</label>
        <input
          id="new-password"
          name="password"
          type="password"
          autoComplete="new-password"
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={passwordError ? "new-password-error" : undefined}
        />
        {passwordError && (
          <p id="new-password-error" className="field-error">
            {passwordError}
          </p>
        )}
      </div>
      <button type="submit" disabled={confirm.isPending}>
        Change password
      </button>
    </form>
  );
}
