import type { Metadata } from "next";
import { QueryProvider } from "@/components/QueryProvider";
import { CheckoutForm } from "@/components/cart/CheckoutForm";
import { loadAccount } from "@/lib/session";

export const metadata: Metadata = { title: "Checkout", robots: { index: false } };

export default async function CheckoutPage() {
  const account = await loadAccount().catch(() => null);
  const saved = account?.addresses?.results ?? [];
  const address = saved.find((a) => a.is_default) ?? saved[0] ?? null;
  return (
    <>
      <h1>Checkout</h1>
      <QueryProvider>
        <CheckoutForm account={account ? { email: account.me.email, address } : null} />
      </QueryProvider>
    </>
  );
}
