import { describe, expect, it } from "vitest";
import { toCardProduct } from "@/components/catalog/card-data";
import type { ProductSummary } from "@/sdk/types.gen";

const summary: ProductSummary = {
  id: 7,
  slug: "mug-7",
  sku: "MUG-7",
  name: "Mug",
  price: "12.00",
  sale_price: "10.00",
  currency: "USD",
  brand: { slug: "pebble-clay", name: "Pebble & Clay" },
  category: { slug: "home", name: "Home" },
  image: { url: "https://api.test/media/mug.jpg", width: 600, height: 400, alt: "A mug" },
  rating: "4.50",
  review_count: 2,
  in_stock: true,
};

describe("a product card's data", () => {
  it("keeps what the card shows, and nothing else", () => {
    expect(toCardProduct(summary)).toEqual({
      id: 7,
      slug: "mug-7",
      name: "Mug",
      price: "12.00",
      sale_price: "10.00",
      currency: "USD",
      maker: "Pebble & Clay",
      image: { url: "https://api.test/media/mug.jpg", width: 600, height: 400 },
      rating: "4.50",
      review_count: 2,
      in_stock: true,
    });
  });

  it("names the category when there is no brand, and has no image when the product has none", () => {
    const card = toCardProduct({ ...summary, brand: null, image: null, rating: null });
    expect(card.maker).toBe("Home");
    expect(card.image).toBeNull();
    expect(card.rating).toBeNull();
  });

  it("is smaller than the summary it comes from (it is sent to the browser once per card)", () => {
    expect(JSON.stringify(toCardProduct(summary)).length).toBeLessThan(JSON.stringify(summary).length);
  });
});
