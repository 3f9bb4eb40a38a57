import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WagtailPageView } from "@/components/content/WagtailPageView";
import { getPageByPath } from "@/lib/content";

type Props = { params: Promise<{ path?: string[] }> };

/**
 * The home page (`/`) and any other Wagtail page, found by its path (`/api/v2/pages/find/?html_path=`).
 *
 * Served from the full-route cache: rendered on its first request (no path is prerendered, so `next build` needs no
 * API and STOREFRONT_API_URL is read at run time), then kept for 30 s and made stale at once by the revalidation
 * webhook (its reads are tagged, src/app/revalidate/). Nothing here may read cookies, headers or searchParams.
 */
export const revalidate = 30; // = REVALIDATE_SECONDS (src/lib/api.ts); route config must be a literal
export const dynamicParams = true;
export function generateStaticParams(): { path?: string[] }[] {
  return [];
}

/** The Wagtail path of the URL's segments; null for a malformed escape (then there is no such page). */
function htmlPath(segments: string[] | undefined): string | null {
  if (!segments?.length) return "/";
  try {
    return `/${segments.map((s) => decodeURIComponent(s)).join("/")}/`;
  } catch {
    return null;
  }
}

const pageAt = (path: string | null) => (path === null ? Promise.resolve(null) : getPageByPath(path));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const path = htmlPath((await params).path);
  const page = await pageAt(path);
  if (path === "/") {
    return { title: { absolute: page?.meta.seo_title || "Storefront" }, description: page?.meta.search_description || undefined };
  }
  if (!page) return {};
  return { title: page.meta.seo_title || page.title, description: page.meta.search_description || undefined };
}

export default async function WagtailPage({ params }: Props) {
  const page = await pageAt(htmlPath((await params).path));
  if (!page) notFound();
  return <WagtailPageView page={page} />;
}
