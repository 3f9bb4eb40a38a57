import "server-only";
import { NextResponse } from "next/server";
import { authTokenObtain } from "@/sdk/sdk.gen";
import { privateRead } from "./api";
import { ACCESS_COOKIE, ACCESS_MAX_AGE, cookieOptions, REFRESH_COOKIE, REFRESH_MAX_AGE } from "./session";

/** Obtains a JWT pair and answers with it stored in httpOnly cookies (or with the API's error, as it came). */
export async function signIn(email: string, password: string): Promise<NextResponse> {
  const result = await authTokenObtain({ ...privateRead, body: { email, password } });
  if (!result.data) {
    return NextResponse.json(result.error ?? { type: "server_error", errors: [] }, { status: result.response.status || 502 });
  }
  const response = NextResponse.json({ ok: true });
  response.cookies.set(ACCESS_COOKIE, result.data.access, cookieOptions(ACCESS_MAX_AGE));
  response.cookies.set(REFRESH_COOKIE, result.data.refresh, cookieOptions(REFRESH_MAX_AGE));
  return response;
}
