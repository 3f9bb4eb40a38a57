"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import {
  cartsCouponApplyMutation,
  cartsCouponRemoveMutation,
  cartsCreateMutation,
  cartsItemsCreateMutation,
  cartsItemsDestroyMutation,
  cartsItemsUpdateMutation,
  cartsRetrieveOptions,
  cartsRetrieveQueryKey,
} from "@/sdk/@tanstack/react-query.gen";
import type { Cart } from "@/sdk/types.gen";
import { isApiError } from "@/lib/errors";
import { cartStorage } from "./cart-storage";

type CartContextValue = {
  cartId: string | null;
  cart: Cart | null;
  isLoading: boolean;
  /** Adds to the cart, creating one on the first add (and a fresh one if the stored cart is gone or checked out). */
  addItem: (product: string, quantity: number) => Promise<Cart>;
  setQuantity: (itemId: number, quantity: number) => Promise<Cart>;
  removeItem: (itemId: number) => Promise<Cart>;
  applyCoupon: (code: string) => Promise<Cart>;
  removeCoupon: () => Promise<Cart>;
  /** Forgets the cart (after an order is placed). */
  forget: () => void;
};

const CartContext = createContext<CartContextValue | null>(null);

function staleCart(error: unknown): boolean {
  if (!isApiError(error)) return false;
  return error.errors.some((e) => e.code === "not_found" || e.code === "cart_checked_out");
}

export function CartProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [cartId, setCartId] = useState<string | null>(null);
  useEffect(() => setCartId(cartStorage.get()), []);

  const query = useQuery({
    ...cartsRetrieveOptions({ path: { cart_id: cartId ?? "" } }),
    enabled: Boolean(cartId),
    retry: false,
  });
  useEffect(() => {
    if (query.error && staleCart(query.error)) {
      cartStorage.clear();
      setCartId(null);
    }
  }, [query.error]);

  const store = useCallback(
    (cart: Cart) => {
      queryClient.setQueryData(cartsRetrieveQueryKey({ path: { cart_id: cart.id } }), cart);
      if (cart.id !== cartId) {
        cartStorage.set(cart.id);
        setCartId(cart.id);
      }
      return cart;
    },
    [queryClient, cartId],
  );

  const create = useMutation(cartsCreateMutation());
  const addLine = useMutation(cartsItemsCreateMutation());
  const updateLine = useMutation(cartsItemsUpdateMutation());
  const removeLine = useMutation(cartsItemsDestroyMutation());
  const coupon = useMutation(cartsCouponApplyMutation());
  const uncoupon = useMutation(cartsCouponRemoveMutation());

  const value = useMemo<CartContextValue>(() => {
    const requireId = () => {
      if (!cartId) throw new Error("There is no cart yet.");
      return cartId;
    };
    return {
      cartId,
      cart: cartId ? (query.data ?? null) : null,
      isLoading: Boolean(cartId) && query.isPending,
      addItem: async (product, quantity) => {
        const add = (id: string) => addLine.mutateAsync({ path: { cart_id: id }, body: { product, quantity } });
        let id = cartId ?? (await create.mutateAsync({ body: {} })).id;
        try {
          return store(await add(id));
        } catch (error) {
          if (!cartId || !staleCart(error)) throw error;
          id = (await create.mutateAsync({ body: {} })).id; // the stored cart was ordered or is gone
          return store(await add(id));
        }
      },
      setQuantity: async (itemId, quantity) =>
        store(await updateLine.mutateAsync({ path: { cart_id: requireId(), item_id: itemId }, body: { quantity } })),
      removeItem: async (itemId) => store(await removeLine.mutateAsync({ path: { cart_id: requireId(), item_id: itemId } })),
      applyCoupon: async (code) => store(await coupon.mutateAsync({ path: { cart_id: requireId() }, body: { code } })),
      removeCoupon: async () => store(await uncoupon.mutateAsync({ path: { cart_id: requireId() } })),
      forget: () => {
        if (cartId) queryClient.removeQueries({ queryKey: cartsRetrieveQueryKey({ path: { cart_id: cartId } }) });
        cartStorage.clear();
        setCartId(null);
      },
    };
  }, [cartId, query.data, query.isPending, create, addLine, updateLine, removeLine, coupon, uncoupon, store, queryClient]);

  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartContextValue {
  const value = useContext(CartContext);
  if (!value) throw new Error("useCart outside <CartProvider>");
  return value;
}
