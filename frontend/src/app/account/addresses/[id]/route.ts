/** DELETE /account/addresses/{id}/: remove one of the signed-in shopper's addresses. */
import type { NextRequest } from "next/server";
import { authAddressesDestroy } from "@/sdk/sdk.gen";
import { privateRead } from "@/lib/api";
import { callAsUser } from "@/lib/session";

export async function DELETE(_request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const id = Number.parseInt((await params).id, 10);
  return callAsUser((auth) => authAddressesDestroy({ ...privateRead, ...auth, path: { id } }));
}
