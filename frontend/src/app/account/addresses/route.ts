/** POST /account/addresses/: add to the signed-in shopper's address book. */
import type { NextRequest } from "next/server";
import { authAddressesCreate } from "@/sdk/sdk.gen";
import type { AddressInputRequest } from "@/sdk/types.gen";
import { privateRead } from "@/lib/api";
import { callAsUser } from "@/lib/session";

export async function POST(request: NextRequest) {
  const body = (await request.json().catch(() => ({}))) as AddressInputRequest;
  return callAsUser((auth) => authAddressesCreate({ ...privateRead, ...auth, body }));
}
