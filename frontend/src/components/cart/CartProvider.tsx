"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Cart } from "@/sdk/types.gen";
import * as api from "./cart-api";
import { cartStorage } from "./cart-storage";

type CartContextValue = {
  cartId: string | null;
  cart: Cart | null;
  /** True until this browser's cart is known (read from storage, then from the API). */
  isLoading: boolean;
  /**
   * Adds to the cart, creating one on the first add (and a fresh one if the stored cart is gone or checked out).
   * `variant` is the chosen variant's SKU, for a product with options.
   */
  addItem: (product: string, quantity: number, variant?: string) => Promise<Cart>;
  setQuantity: (itemId: number, quantity: number) => Promise<Cart>;
  removeItem: (itemId: number) => Promise<Cart>;
  applyCoupon: (code: string) => Promise<Cart>;
  removeCoupon: () => Promise<Cart>;
  /** Forgets the cart (after an order is placed). */
  forget: () => void;
};

const CartContext = createContext<CartContextValue | null>(null);

/**
 * This browser's guest cart, for every page (the header's count, add to cart, the cart and checkout pages). It lives
 * only in the browser (the id in localStorage, the cart fetched after load), so the server's HTML is the same for
 * every visitor and public pages can be served from the full-route cache. No query library: the cart is one object
 * and each change answers with the whole new cart (src/components/cart/cart-api.ts).
 */
export function CartProvider({ children }: { children: ReactNode }) {
  const [cartId, setCartId] = useState<string | null>(null);
  const [cart, setCart] = useState<Cart | null>(null);
  const [isLoading, setLoading] = useState(true);
  // The id the next call uses, current even inside a callback created before the last change.
  const idRef = useRef<string | null>(null);

  const remember = useCallback((id: string | null) => {
    idRef.current = id;
    setCartId(id);
    if (id) cartStorage.set(id);
    else cartStorage.clear();
  }, []);

  useEffect(() => {
    const stored = cartStorage.get();
    if (!stored) {
      setLoading(false);
      return;
    }
    idRef.current = stored;
    setCartId(stored);
    let live = true;
    api
      .loadCart(stored)
      .then((loaded) => {
        if (!live || idRef.current !== stored) return; // replaced meanwhile (an add created another cart)
        if (loaded) setCart(loaded);
        else remember(null); // ordered or gone: start afresh on the next add
      })
      .catch(() => undefined) // unreachable API: no count, and the next add tries again
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [remember]);

  const store = useCallback(
    (next: Cart) => {
      if (next.id !== idRef.current) remember(next.id);
      setCart(next);
      setLoading(false);
      return next;
    },
    [remember],
  );

  const value = useMemo<CartContextValue>(() => {
    const requireId = () => {
      if (!idRef.current) throw new Error("There is no cart yet.");
      return idRef.current;
    };
    return {
      cartId,
      cart: cartId ? cart : null,
      isLoading,
      addItem: async (product, quantity, variant) => store(await api.addToCart(idRef.current, product, quantity, variant)),
      setQuantity: async (itemId, quantity) => store(await api.setLineQuantity(requireId(), itemId, quantity)),
      removeItem: async (itemId) => store(await api.removeLine(requireId(), itemId)),
      applyCoupon: async (code) => store(await api.applyCoupon(requireId(), code)),
      removeCoupon: async () => store(await api.removeCoupon(requireId())),
      forget: () => {
        remember(null);
        setCart(null);
      },
    };
  }, [cartId, cart, isLoading, store, remember]);

  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartContextValue {
  const value = useContext(CartContext);
  if (!value) throw new Error("useCart outside <CartProvider>");
  return value;
}
