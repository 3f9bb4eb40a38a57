/** Sign up (POST {email, password, first_name?, last_name?}), then sign in: the same cookies as /account/session/. */
import { NextResponse, type NextRequest } from "next/server";
import { authRegister } from "@/sdk/sdk.gen";
import { privateRead } from "@/lib/api";
import { signIn } from "@/lib/sign-in";

export async function POST(request: NextRequest) {
  const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
  const input = {
    email: String(body.email ?? ""),
    password: String(body.password ?? ""),
    first_name: String(body.first_name ?? ""),
    last_name: String(body.last_name ?? ""),
  };
  const result = await authRegister({ ...privateRead, body: input });
  if (!result.data) {
    return NextResponse.json(result.error ?? { type: "server_error", errors: [] }, { status: result.response.status || 502 });
  }
  return signIn(input.email, input.password);
}
