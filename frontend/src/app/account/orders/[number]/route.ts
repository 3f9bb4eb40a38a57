/** GET /account/orders/{number}/: a signed-in shopper's own order. */
import type { NextRequest } from "next/server";
import { ordersRetrieve } from "@/sdk/sdk.gen";
import { privateRead } from "@/lib/api";
import { callAsUser } from "@/lib/session";

export async function GET(_request: NextRequest, { params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  return callAsUser((auth) => ordersRetrieve({ ...privateRead, ...auth, path: { number } }));
}
