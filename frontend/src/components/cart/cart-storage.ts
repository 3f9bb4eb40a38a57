/** The guest cart's id, kept in this browser. It is not a credential of a user: whoever holds it sees the cart. */
const CART_KEY = "storefront.cartId";
const CHECKOUT_KEY = "storefront.checkoutKey";
const ORDER_TOKEN_PREFIX = "storefront.orderToken.";

function storage(kind: "local" | "session"): Storage | null {
  if (typeof window === "undefined") return null;
  try {
    return kind === "local" ? window.localStorage : window.sessionStorage;
  } catch {
    return null; // storage disabled
  }
}

export const cartStorage = {
  get: () => storage("local")?.getItem(CART_KEY) ?? null,
  set: (id: string) => storage("local")?.setItem(CART_KEY, id),
  clear: () => storage("local")?.removeItem(CART_KEY),
};

/** One Idempotency-Key per checkout attempt: kept across retries (a reload, a timeout) until an order is placed. */
export function checkoutIdempotencyKey(): string {
  const s = storage("session");
  const existing = s?.getItem(CHECKOUT_KEY);
  if (existing) return existing;
  const key = crypto.randomUUID();
  s?.setItem(CHECKOUT_KEY, key);
  return key;
}

export function clearCheckoutIdempotencyKey(): void {
  storage("session")?.removeItem(CHECKOUT_KEY);
}

/** A guest order's access token, for its confirmation page, kept out of the URL. */
export const orderTokens = {
  get: (number: string) => storage("session")?.getItem(ORDER_TOKEN_PREFIX + number) ?? null,
  set: (number: string, token: string) => storage("session")?.setItem(ORDER_TOKEN_PREFIX + number, token),
};
