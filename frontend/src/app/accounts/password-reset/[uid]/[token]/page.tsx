import type { Metadata } from "next";
import { PasswordResetConfirm } from "@/components/account/PasswordReset";
import { QueryProvider } from "@/components/QueryProvider";

export const metadata: Metadata = { title: "Choose a new password", robots: { index: false } };

/** The emailed reset link's path (the same as the Django site's), so the link works when it names this site. */
export default async function PasswordResetConfirmPage({ params }: { params: Promise<{ uid: string; token: string }> }) {
  const { uid, token } = await params;
  return (
    <>
      <h1>Choose a new password</h1>
      <QueryProvider>
        <PasswordResetConfirm uid={decodeURIComponent(uid)} token={decodeURIComponent(token)} />
      </QueryProvider>
    </>
  );
}
