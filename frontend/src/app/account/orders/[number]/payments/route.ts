/** POST /account/orders/{number}/payments/: a signed-in shopper starts paying for their own order. */
import type { NextRequest } from "next/server";
import { ordersPaymentsCreate } from "@/sdk/sdk.gen";
import type { PaymentCreateInputRequest } from "@/sdk/types.gen";
import { privateRead } from "@/lib/api";
import { callAsUser } from "@/lib/session";

export async function POST(request: NextRequest, { params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  const body = (await request.json().catch(() => ({}))) as PaymentCreateInputRequest;
  return callAsUser((auth) => ordersPaymentsCreate({ ...privateRead, ...auth, path: { number }, body }));
}
