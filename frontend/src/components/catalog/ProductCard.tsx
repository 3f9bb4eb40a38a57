"use client";

import Link from "next/link";
import { mediaUrl } from "@/lib/images";
import type { CardProduct } from "./card-data";
import styles from "./catalog.module.css";
import { Price } from "./Price";

/** A product card (a client component only so that its page's RSC payload carries data, not markup: card-data.ts). */
export function ProductCard({ product, headingLevel = 3 }: { product: CardProduct; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className={styles.card} data-testid="product-card">
      {/* No prefetch: a grid shows up to 24 cards, and prefetching a cached route fetches (and on a miss renders)
          the whole product page for each; a click loads it from the full-route cache anyway. */}
      <Link href={`/products/${product.slug}/`} className={styles.cardLink} prefetch={false}>
        {product.image ? (
          // eslint-disable-next-line @next/next/no-img-element -- images come from the API's media host
          <img
            src={mediaUrl(product.image.url)}
            width={product.image.width}
            height={product.image.height}
            alt=""
            loading="lazy"
            className={styles.cardImage}
          />
        ) : (
          <div className={styles.noImage} aria-hidden="true" />
        )}
        <Heading className={styles.cardTitle}>{product.name}</Heading>
      </Link>
      <p className={styles.cardMeta}>{product.maker}</p>
      <p className={styles.cardPrice}>
        <Price price={product.price} salePrice={product.sale_price} currency={product.currency} />
      </p>
      {!product.in_stock && <p className={styles.outOfStock}>Out of stock</p>}
      {product.rating && (
        <p className={styles.cardMeta}>
          {/* One text node (not six): less markup in the HTML and in the page's RSC payload, 24 times over. */}
          {`Rated ${product.rating} of 5 (${product.review_count} ${product.review_count === 1 ? "review" : "reviews"})`}
        </p>
      )}
    </article>
  );
}

export function ProductGrid({ products, headingLevel }: { products: CardProduct[]; headingLevel?: 2 | 3 }) {
  return (
    <ul className={styles.grid}>
      {products.map((p) => (
        <li key={p.id}>
          <ProductCard product={p} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  );
}
