"use client";

import { useState, type ReactNode } from "react";
import type { ProductDetail } from "@/sdk/types.gen";
import { Price } from "@/components/catalog/Price";
import styles from "@/components/catalog/product.module.css";
import { availabilityLabel, findVariant, initialChoice, isBuyable, LOW_STOCK, type Choice } from "@/lib/variants";
import { AddToCart } from "./AddToCart";

export type PurchaseProduct = Pick<
  ProductDetail,
  "slug" | "sku" | "price" | "sale_price" | "currency" | "in_stock" | "available" | "options" | "variants"
>;

/**
 * The product page's price, availability, add-to-cart form and SKU. A product with options gets a picker per
 * option, starting on the first variant in stock; the price, availability and SKU follow the chosen variant in
 * the browser. `children` (the discount, the rating: server-rendered) sit between the price and the availability.
 */
export function ProductPurchase({ product, children }: { product: PurchaseProduct; children?: ReactNode }) {
  if (!product.options.length) return <SimplePurchase product={product}>{children}</SimplePurchase>;
  return <VariantPurchase product={product}>{children}</VariantPurchase>;
}

/** A product without options, as the page always showed it: added by its slug. */
function SimplePurchase({ product, children }: { product: PurchaseProduct; children?: ReactNode }) {
  const buyable = product.in_stock && product.available > 0;
  return (
    <>
      <p className={styles.price} data-testid="product-price">
        <Price price={product.price} salePrice={product.sale_price} currency={product.currency} />
      </p>
      {children}
      {buyable ? (
        <>
          <p className={styles.stock}>{product.available <= LOW_STOCK ? `Only ${product.available} left` : "In stock"}</p>
          <AddToCart product={product.slug} available={product.available} />
        </>
      ) : (
        <>
          <p className={styles.outOfStock}>Out of stock</p>
          <AddToCart product={product.slug} available={0} />
        </>
      )}
      <p className="muted">SKU {product.sku}</p>
    </>
  );
}

function VariantPurchase({ product, children }: { product: PurchaseProduct; children?: ReactNode }) {
  const [choice, setChoice] = useState<Choice>(() => initialChoice(product.options, product.variants));
  const variant = findVariant(product.variants, choice);
  return (
    <>
      <p className={styles.price} data-testid="product-price">
        <Price
          price={variant?.price ?? product.price}
          salePrice={variant?.sale_price ?? product.sale_price}
          currency={product.currency}
        />
      </p>
      {children}
      <p className={isBuyable(variant) ? styles.stock : styles.outOfStock} data-testid="product-availability" aria-live="polite">
        {availabilityLabel(variant)}
      </p>
      <AddToCart
        product={product.slug}
        available={variant?.available ?? 0}
        picker={{ options: product.options, variants: product.variants, choice, onChoose: setChoice }}
      />
      <p className="muted" data-testid="product-sku">
        SKU {variant?.sku ?? product.sku}
      </p>
    </>
  );
}
