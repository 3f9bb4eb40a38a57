"use client";

import Link from "next/link";
import { useCart } from "./CartProvider";

export function CartLink() {
  const { cart } = useCart();
  const count = cart?.item_count ?? 0;
  return (
    <Link href="/cart/" className="cart-link" data-testid="cart-link">
      Cart <span aria-label={`${count} items`}>({count})</span>
    </Link>
  );
}
