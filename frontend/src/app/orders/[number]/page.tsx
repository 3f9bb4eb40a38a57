import type { Metadata } from "next";
import { QueryProvider } from "@/components/QueryProvider";
import { OrderConfirmation } from "@/components/cart/OrderConfirmation";

export const metadata: Metadata = { title: "Your order", robots: { index: false } };

/** Rendered in the browser: the order is private (its token never reaches a shared cache). */
export default async function OrderPage({ params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  return (
    <QueryProvider>
      <OrderConfirmation number={decodeURIComponent(number)} />
    </QueryProvider>
  );
}
