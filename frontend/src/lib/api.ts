/** A thin layer over the generated SDK (src/sdk/): one way to read its results and one cache policy. */
import { type ApiError, isApiError } from "./errors";

/** Public, cacheable reads on the server: shared by every visitor, so they never carry a user's token. */
export const REVALIDATE_SECONDS = 30;
export const cachedRead = (tags: string[] = []) => ({ next: { revalidate: REVALIDATE_SECONDS, tags } }) as const;
/** Reads that must not be shared (a cart, a guest order behind its token, a signed-in user's data). */
export const privateRead = { cache: "no-store" } as const;

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | null,
  ) {
    super(body?.errors[0]?.detail ?? `API request failed with status ${status}`);
    this.name = "ApiRequestError";
  }
}

type SdkResult<T> = { data?: T; error?: unknown; response?: Response };

/** The data of an SDK call, or an ApiRequestError with the contract's error body (404s included). */
export async function unwrap<T>(call: Promise<SdkResult<T>>): Promise<T> {
  const result = await call;
  if (result.error !== undefined || !result.response?.ok) {
    const status = result.response?.status ?? 0;
    throw new ApiRequestError(status, isApiError(result.error) ? result.error : null);
  }
  return result.data as T;
}

/** Like unwrap, but a 404 is `null` (for pages that turn it into notFound()). */
export async function unwrapOrNull<T>(call: Promise<SdkResult<T>>): Promise<T | null> {
  try {
    return await unwrap(call);
  } catch (e) {
    if (e instanceof ApiRequestError && e.status === 404) return null;
    throw e;
  }
}
