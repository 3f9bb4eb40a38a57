/** POST /account/orders/: a signed-in shopper places an order (the JWT stays in its httpOnly cookie). */
import type { NextRequest } from "next/server";
import { ordersCreate } from "@/sdk/sdk.gen";
import type { OrderCreateInputRequest } from "@/sdk/types.gen";
import { privateRead } from "@/lib/api";
import { callAsUser } from "@/lib/session";

export async function POST(request: NextRequest) {
  const body = (await request.json().catch(() => ({}))) as OrderCreateInputRequest;
  const key = request.headers.get("idempotency-key");
  return callAsUser((auth) =>
    ordersCreate({ ...privateRead, body, headers: { ...auth.headers, ...(key ? { "Idempotency-Key": key } : {}) } }),
  );
}
