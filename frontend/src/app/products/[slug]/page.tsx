import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProductPurchase } from "@/components/cart/ProductPurchase";
import { Breadcrumbs } from "@/components/catalog/Breadcrumbs";
import { Gallery } from "@/components/catalog/Gallery";
import styles from "@/components/catalog/product.module.css";
import { getProduct } from "@/lib/server-data";

type Props = { params: Promise<{ slug: string }> };

/** Served from the full-route cache like the Wagtail pages (src/app/[[...path]]/page.tsx): rendered at a product's
 * first request, kept 30 s (the API's stock and prices are as fresh as before: the reads were cached 30 s too). */
export const revalidate = 30;
export const dynamicParams = true;
export function generateStaticParams(): { slug: string }[] {
  return [];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await getProduct((await params).slug);
  return product ? { title: product.name } : {};
}

export default async function ProductPage({ params }: Props) {
  const product = await getProduct((await params).slug);
  if (!product) notFound();
  const images = product.images.length ? product.images : product.image ? [product.image] : [];
  const attributes = Object.entries(product.attributes).filter(([, v]) => v !== null && v !== "");
  return (
    <>
      <Breadcrumbs trail={[product.category]} current={product.name} />
      <div className={styles.product}>
        <Gallery images={images} name={product.name} />
        <div className={styles.info}>
          <h1>{product.name}</h1>
          {product.brand && <p className="muted">{product.brand.name}</p>}
          <ProductPurchase
            product={{
              // Only what the form needs goes to the browser (not the description, images, attributes).
              slug: product.slug,
              sku: product.sku,
              price: product.price,
              sale_price: product.sale_price,
              currency: product.currency,
              in_stock: product.in_stock,
              available: product.available,
              options: product.options,
              variants: product.variants,
            }}
          >
            {product.discount && <p className={styles.discount}>{product.discount.name}</p>}
            {product.rating && (
              <p className="muted">
                Rated {product.rating} of 5 from {product.review_count} {product.review_count === 1 ? "review" : "reviews"}
              </p>
            )}
          </ProductPurchase>
        </div>
      </div>
      <section aria-labelledby="description-heading">
        <h2 id="description-heading">Description</h2>
        {/* The catalog's rich text (HTML written by staff), as the API serves it. */}
        <div className="rich-text" dangerouslySetInnerHTML={{ __html: product.description }} />
        {attributes.length > 0 && (
          <dl className={styles.attributes}>
            {attributes.map(([name, value]) => (
              <div key={name}>
                <dt>{name.charAt(0).toUpperCase() + name.slice(1)}</dt>
                <dd>{String(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
    </>
  );
}
