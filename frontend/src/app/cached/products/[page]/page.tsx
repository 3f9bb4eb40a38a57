import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProductListing } from "@/components/catalog/ProductListing";
import { cachedListingQuery, cachedPage } from "@/lib/listing-cache";

type Props = { params: Promise<{ page: string }> };

/**
 * `/products/` and `/products/?page=N` without filters (rewritten here by src/lib/listing-cache.ts; this path itself
 * redirects to the public one): the same page as src/app/products/page.tsx, from the full-route cache. Rendered at
 * its first request (nothing is prerendered: the build has no API), kept 30 s, made stale by the webhook.
 */
export const revalidate = 30;
export const dynamicParams = true;
export function generateStaticParams(): { page: string }[] {
  return [];
}

export const metadata: Metadata = { title: "All products" };

export default async function CachedProductsPage({ params }: Props) {
  const page = cachedPage((await params).page);
  if (page === null) notFound();
  return (
    <>
      <h1>All products</h1>
      <ProductListing pathname="/products/" searchParams={cachedListingQuery(page)} />
    </>
  );
}
