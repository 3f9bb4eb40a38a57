import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WagtailPageView } from "@/components/content/WagtailPageView";
import { getPageByPath } from "@/lib/content";

export async function generateMetadata(): Promise<Metadata> {
  const page = await getPageByPath("/");
  return { title: { absolute: page?.meta.seo_title || "Storefront" }, description: page?.meta.search_description || undefined };
}

export default async function HomePage() {
  const page = await getPageByPath("/");
  if (!page) notFound();
  return <WagtailPageView page={page} />;
}
