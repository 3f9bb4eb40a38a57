import Link from "next/link";
import type { StreamBlock } from "@/lib/content";
import { mediaUrl } from "@/lib/images";
import { toCardProduct } from "../catalog/card-data";
import { ProductGrid } from "../catalog/ProductCard";
import { SiteLink } from "../SiteLink";
import styles from "./content.module.css";

import { GuaranteeIcon } from "./GuaranteeIcon";

/** Renders every StreamField block a Wagtail page's body offers (home/blocks.py), live or in preview. */
export function StreamBody({ blocks }: { blocks: StreamBlock[] }) {
  return (
    <>
      {blocks.map((block, index) => (
        <Block key={block.id} block={block} first={index === 0} />
      ))}
    </>
  );
}

function Block({ block, first }: { block: StreamBlock; first: boolean }) {
  switch (block.type) {
    case "hero": {
      const { image, heading, text, cta } = block.value;
      const Heading = first ? "h1" : "h2";
      return (
        <section className={styles.hero} data-block="hero">
          {image && (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={mediaUrl(image.url)} width={image.width} height={image.height} alt={image.alt} className={styles.heroImage} />
          )}
          <div className={styles.heroText}>
            <Heading className={styles.heroHeading}>{heading}</Heading>
            {text && <p>{text}</p>}
            {cta && (
              <SiteLink href={cta.url} className="button">
                {cta.label}
              </SiteLink>
            )}
          </div>
        </section>
      );
    }
    case "banner_slot":
      if (!block.value.banners.length) return null;
      return (
        <section className={styles.banners} data-block="banner_slot" data-position={block.value.position} aria-label="Promotions">
          {block.value.banners.map((banner) => {
            const inner = (
              <>
                {banner.image && (
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={mediaUrl(banner.image.url)} width={banner.image.width} height={banner.image.height} alt="" />
                )}
                <span className={styles.bannerText}>
                  <strong>{banner.title}</strong>
                  {banner.subtitle && <span>{banner.subtitle}</span>}
                  {banner.promotion?.code && (
                    <span>
                      Code: <code>{banner.promotion.code}</code>
                    </span>
                  )}
                </span>
              </>
            );
            return banner.link_url ? (
              <SiteLink key={banner.id} href={banner.link_url} className={styles.banner}>
                {inner}
              </SiteLink>
            ) : (
              <div key={banner.id} className={styles.banner}>
                {inner}
              </div>
            );
          })}
        </section>
      );
    case "featured_products":
      if (!block.value.products.length) return null;
      return (
        <section data-block="featured_products">
          {block.value.heading && <h2>{block.value.heading}</h2>}
          <ProductGrid products={block.value.products.map(toCardProduct)} headingLevel={block.value.heading ? 3 : 2} />
        </section>
      );
    case "featured_categories":
      return (
        <section data-block="featured_categories">
          {block.value.heading && <h2>{block.value.heading}</h2>}
          <ul className={styles.categories}>
            {block.value.categories.map((category) => (
              <li key={category.slug}>
                <Link href={`/categories/${category.slug}/`} className={styles.category}>
                  <strong>{category.name}</strong>
                  <span className="muted">
                    {category.product_count} {category.product_count === 1 ? "product" : "products"}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      );
    case "guarantees":
      return (
        <section data-block="guarantees" className={styles.guarantees}>
          {block.value.heading && <h2>{block.value.heading}</h2>}
          <ul>
            {block.value.items.map((g) => (
              <li key={g.title}>
                <GuaranteeIcon name={g.icon} className={styles.icon} />
                <strong>{g.title}</strong>
                <span className="muted">{g.description}</span>
              </li>
            ))}
          </ul>
        </section>
      );
    case "rich_text":
      // Editor-authored HTML from Wagtail's rich text (a limited feature set), rendered as the CMS serves it.
      return <section data-block="rich_text" className="rich-text" dangerouslySetInnerHTML={{ __html: block.value }} />;
    default:
      return null; // a block type this frontend does not know yet
  }
}
