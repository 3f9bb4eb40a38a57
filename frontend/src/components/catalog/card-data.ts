/** What a product card shows, picked from the API's product summary on the server. */
import type { ProductSummary } from "@/sdk/types.gen";

export type CardProduct = {
  id: number;
  slug: string;
  name: string;
  price: string;
  sale_price: string;
  currency: string;
  /** The brand's name, else the category's. */
  maker: string;
  image: { url: string; width: number; height: number } | null;
  rating: string | null;
  review_count: number;
  in_stock: boolean;
};

/**
 * The card grids (listings, featured products) are a client component fed with this, not server-rendered markup:
 * a page's RSC payload carries what a server component renders, element by element, and 24 cards of markup weigh
 * about three times their data. The HTML is the same either way (client components render on the server too).
 */
export function toCardProduct(p: ProductSummary): CardProduct {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    price: p.price,
    sale_price: p.sale_price,
    currency: p.currency,
    maker: p.brand?.name ?? p.category.name,
    image: p.image ? { url: p.image.url, width: p.image.width, height: p.image.height } : null,
    rating: p.rating,
    review_count: p.review_count,
    in_stock: p.in_stock,
  };
}
