/**
 * The guest cart's API calls, through the generated SDK functions (no query cache: the cart is one object, held by
 * <CartProvider>, and every change answers with the whole new cart). Kept apart from React so it is unit tested.
 * Errors are thrown as the SDK throws them: the contract's error body (for mapApiErrors), or a TypeError when the
 * API cannot be reached.
 */
import {
  cartsCouponApply,
  cartsCouponRemove,
  cartsCreate,
  cartsItemsCreate,
  cartsItemsDestroy,
  cartsItemsUpdate,
  cartsRetrieve,
} from "@/sdk/sdk.gen";
import type { Cart } from "@/sdk/types.gen";
import { isApiError } from "@/lib/errors";

/** A stored cart id that can no longer be used: the cart is gone, or it became an order. */
export function isStaleCart(error: unknown): boolean {
  if (!isApiError(error)) return false;
  return error.errors.some((e) => e.code === "not_found" || e.code === "cart_checked_out");
}

/** The stored cart, or null when it is stale (the caller forgets its id). Other errors are thrown. */
export async function loadCart(cartId: string): Promise<Cart | null> {
  try {
    return (await cartsRetrieve({ path: { cart_id: cartId }, throwOnError: true })).data;
  } catch (error) {
    if (isStaleCart(error)) return null;
    throw error;
  }
}

/**
 * Adds to the cart, creating one on the first add, and a fresh one if the stored cart is stale. `variant` (a SKU)
 * is what a product with options needs; without it the API picks the product's only variant (else it answers
 * `variant_required`). With both, the API checks the variant is the product's.
 */
export async function addToCart(cartId: string | null, product: string, quantity: number, variant?: string): Promise<Cart> {
  const body = variant ? { product, variant, quantity } : { product, quantity };
  const add = async (id: string) =>
    (await cartsItemsCreate({ path: { cart_id: id }, body, throwOnError: true })).data;
  const create = async () => (await cartsCreate({ body: {}, throwOnError: true })).data.id;
  if (!cartId) return add(await create());
  try {
    return await add(cartId);
  } catch (error) {
    if (!isStaleCart(error)) throw error;
    return add(await create()); // the stored cart was ordered or is gone
  }
}

export async function setLineQuantity(cartId: string, itemId: number, quantity: number): Promise<Cart> {
  return (await cartsItemsUpdate({ path: { cart_id: cartId, item_id: itemId }, body: { quantity }, throwOnError: true })).data;
}

export async function removeLine(cartId: string, itemId: number): Promise<Cart> {
  return (await cartsItemsDestroy({ path: { cart_id: cartId, item_id: itemId }, throwOnError: true })).data;
}

export async function applyCoupon(cartId: string, code: string): Promise<Cart> {
  return (await cartsCouponApply({ path: { cart_id: cartId }, body: { code }, throwOnError: true })).data;
}

export async function removeCoupon(cartId: string): Promise<Cart> {
  return (await cartsCouponRemove({ path: { cart_id: cartId }, throwOnError: true })).data;
}
