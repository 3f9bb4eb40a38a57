import "server-only";
/**
 * The signed-in shopper's JWTs live in httpOnly cookies that only this Next server reads (never localStorage, never
 * sent to the browser's script). Calls that carry them are made here, per request, and never cached.
 */
import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { authAddressesList, authMeRetrieve, authTokenRefresh, ordersList } from "@/sdk/sdk.gen";
import type { Me, PaginatedAddressList, PaginatedOrderList } from "@/sdk/types.gen";
import { ApiRequestError, privateRead, unwrap } from "./api";

export const ACCESS_COOKIE = "sf_access";
export const REFRESH_COOKIE = "sf_refresh";

const secure = () => process.env.NODE_ENV === "production" && process.env.SESSION_COOKIE_SECURE !== "0";

export function cookieOptions(maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: "lax" as const, secure: secure(), path: "/", maxAge: maxAgeSeconds };
}

export const ACCESS_MAX_AGE = 15 * 60;
export const REFRESH_MAX_AGE = 14 * 24 * 60 * 60;

const bearer = (token: string) => ({ ...privateRead, headers: { Authorization: `Bearer ${token}` } });

/** The account and its orders, or null when nobody is signed in (or the tokens are no longer valid). */
export async function loadAccount(): Promise<{ me: Me; orders: PaginatedOrderList; addresses: PaginatedAddressList | null } | null> {
  const jar = await cookies();
  let access = jar.get(ACCESS_COOKIE)?.value;
  const refresh = jar.get(REFRESH_COOKIE)?.value;
  if (!access && !refresh) return null;
  const read = async (token: string) => {
    const [me, orders, addresses] = await Promise.all([
      unwrap(authMeRetrieve(bearer(token))),
      unwrap(ordersList({ ...bearer(token), query: { page_size: 20 } })),
      // An API without the address book still shows the account.
      unwrap(authAddressesList({ ...bearer(token), query: { page_size: 100 } })).catch((e: unknown) => {
        if (e instanceof ApiRequestError && e.status === 401) throw e;
        return null;
      }),
    ]);
    return { me, orders, addresses };
  };
  try {
    if (access) return await read(access);
  } catch (e) {
    if (!(e instanceof ApiRequestError) || e.status !== 401) throw e;
  }
  if (!refresh) return null;
  // An expired access token: use a fresh one for this page (the session route stores tokens; a page cannot).
  try {
    access = (await unwrap(authTokenRefresh({ ...privateRead, body: { refresh } }))).access;
    return await read(access);
  } catch (e) {
    if (e instanceof ApiRequestError && (e.status === 401 || e.status === 400)) return null;
    throw e;
  }
}

type SdkCall<T> = (auth: { headers: { Authorization: string } }) => Promise<{ data?: T; error?: unknown; response: Response }>;

/**
 * For route handlers: runs an SDK call with the signed-in shopper's access token (refreshed once if it expired)
 * and answers with the API's status and body as they came; 401 in the contract's shape when nobody is signed in.
 */
export async function callAsUser<T>(call: SdkCall<T>): Promise<NextResponse> {
  const jar = await cookies();
  const access = jar.get(ACCESS_COOKIE)?.value;
  const refresh = jar.get(REFRESH_COOKIE)?.value;
  const answer = (result: Awaited<ReturnType<SdkCall<T>>>) => {
    const status = result.response.status;
    if (status === 204) return new NextResponse(null, { status });
    return NextResponse.json(result.data ?? result.error ?? null, { status });
  };
  if (access) {
    const result = await call({ headers: { Authorization: `Bearer ${access}` } });
    if (result.response.status !== 401 || !refresh) return answer(result);
  }
  if (refresh) {
    const renewed = await authTokenRefresh({ ...privateRead, body: { refresh } });
    if (renewed.data) {
      const response = answer(await call({ headers: { Authorization: `Bearer ${renewed.data.access}` } }));
      response.cookies.set(ACCESS_COOKIE, renewed.data.access, cookieOptions(ACCESS_MAX_AGE));
      if (renewed.data.refresh) response.cookies.set(REFRESH_COOKIE, renewed.data.refresh, cookieOptions(REFRESH_MAX_AGE));
      return response;
    }
  }
  return NextResponse.json(
    { type: "client_error", errors: [{ code: "not_authenticated", detail: "Please sign in again.", attr: null }] },
    { status: 401 },
  );
}

/** The signed-in shopper (for pages that only need to know who it is), or null. */
export async function loadMe(): Promise<Me | null> {
  const jar = await cookies();
  if (!jar.get(ACCESS_COOKIE) && !jar.get(REFRESH_COOKIE)) return null;
  return (await loadAccount())?.me ?? null;
}
