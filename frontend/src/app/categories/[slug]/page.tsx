import type { Metadata } from "next";
import { CategoryView, categoryMetadata } from "@/components/catalog/CategoryView";
import type { RawSearchParams } from "@/lib/product-query";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<RawSearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return categoryMetadata((await params).slug);
}

/** A filtered category listing, rendered per request; the unfiltered one is served by its cached twin
 * (src/app/cached/categories/[slug]/[page]/, through the rewrites of src/lib/listing-cache.ts). */
export default async function CategoryPage({ params, searchParams }: Props) {
  return <CategoryView slug={(await params).slug} searchParams={await searchParams} />;
}
