import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CategoryView, categoryMetadata } from "@/components/catalog/CategoryView";
import { cachedListingQuery, cachedPage } from "@/lib/listing-cache";

type Props = { params: Promise<{ slug: string; page: string }> };

/** `/categories/<slug>/` (and `?page=N`) without filters, from the full-route cache: see src/app/cached/products/. */
export const revalidate = 30;
export const dynamicParams = true;
export function generateStaticParams(): { slug: string; page: string }[] {
  return [];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return categoryMetadata((await params).slug);
}

export default async function CachedCategoryPage({ params }: Props) {
  const { slug, page: segment } = await params;
  const page = cachedPage(segment);
  if (page === null) notFound();
  return <CategoryView slug={slug} searchParams={cachedListingQuery(page)} />;
}
