/** Sign in (POST {email, password}) and sign out (DELETE): the JWTs go into httpOnly cookies, never to script. */
import { NextResponse, type NextRequest } from "next/server";
import { authTokenBlacklist } from "@/sdk/sdk.gen";
import { privateRead } from "@/lib/api";
import { ACCESS_COOKIE, cookieOptions, REFRESH_COOKIE } from "@/lib/session";
import { signIn } from "@/lib/sign-in";

async function credentials(request: NextRequest): Promise<{ email: string; password: string }> {
  const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
  return { email: String(body.email ?? ""), password: String(body.password ?? "") };
}

export async function POST(request: NextRequest) {
  const { email, password } = await credentials(request);
  return signIn(email, password);
}

export async function DELETE(request: NextRequest) {
  const refresh = request.cookies.get(REFRESH_COOKIE)?.value;
  if (refresh) await authTokenBlacklist({ ...privateRead, body: { refresh } }).catch(() => undefined);
  const response = NextResponse.json({ ok: true });
  response.cookies.set(ACCESS_COOKIE, "", cookieOptions(0));
  response.cookies.set(REFRESH_COOKIE, "", cookieOptions(0));
  return response;
}
