import type { Metadata } from "next";
import { ProductListing } from "@/components/catalog/ProductListing";
import type { RawSearchParams } from "@/lib/product-query";

export const metadata: Metadata = { title: "All products" };

/** A filtered listing, rendered per request; the unfiltered one is served by its cached twin
 * (src/app/cached/products/[page]/, through the rewrites of src/lib/listing-cache.ts). */
export default async function ProductsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return (
    <>
      <h1>All products</h1>
      <ProductListing pathname="/products/" searchParams={await searchParams} />
    </>
  );
}
