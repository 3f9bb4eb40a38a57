"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { client } from "@/sdk/client.gen";
import { CartProvider } from "./cart/CartProvider";

/** Points the generated SDK client at the API (the server's STOREFRONT_API_URL) and holds the query cache. */
export function Providers({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  // Set during render, before any child effect can start a request; idempotent.
  if (client.getConfig().baseUrl !== apiUrl) client.setConfig({ baseUrl: apiUrl });
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 15_000, retry: 1, refetchOnWindowFocus: false } } }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <CartProvider>{children}</CartProvider>
    </QueryClientProvider>
  );
}
