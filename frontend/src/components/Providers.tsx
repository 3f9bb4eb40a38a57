"use client";

import type { ReactNode } from "react";
import { client } from "@/sdk/client.gen";
import { CartProvider } from "./cart/CartProvider";

/** Points the generated SDK client at the API (the server's STOREFRONT_API_URL) and holds this browser's cart.
 * Pages with queries and mutations of their own (checkout, order, account) add <QueryProvider>: TanStack Query is
 * not part of the JS every public page loads. */
export function Providers({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  // Set during render, before any child effect can start a request; idempotent.
  if (client.getConfig().baseUrl !== apiUrl) client.setConfig({ baseUrl: apiUrl });
  return <CartProvider>{children}</CartProvider>;
}
