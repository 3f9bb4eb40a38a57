import Link from "next/link";
import type { ProductSummary } from "@/sdk/types.gen";
import { mediaUrl } from "@/lib/images";
import styles from "./catalog.module.css";
import { Price } from "./Price";

export function ProductCard({ product, headingLevel = 3 }: { product: ProductSummary; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className={styles.card} data-testid="product-card">
      <Link href={`/products/${product.slug}/`} className={styles.cardLink}>
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
      <p className={styles.cardMeta}>{product.brand?.name ?? product.category.name}</p>
      <p className={styles.cardPrice}>
        <Price price={product.price} salePrice={product.sale_price} currency={product.currency} />
      </p>
      {!product.in_stock && <p className={styles.outOfStock}>Out of stock</p>}
      {product.rating && (
        <p className={styles.cardMeta}>
          Rated {product.rating} of 5 ({product.review_count} {product.review_count === 1 ? "review" : "reviews"})
        </p>
      )}
    </article>
  );
}

export function ProductGrid({ products, headingLevel }: { products: ProductSummary[]; headingLevel?: 2 | 3 }) {
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
