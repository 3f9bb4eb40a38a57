import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WagtailPageView } from "@/components/content/WagtailPageView";
import { getPageByPath } from "@/lib/content";

type Props = { params: Promise<{ path: string[] }> };

function htmlPath(segments: string[]): string {
  return `/${segments.map((s) => decodeURIComponent(s)).join("/")}/`;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await getPageByPath(htmlPath((await params).path));
  if (!page) return {};
  return { title: page.meta.seo_title || page.title, description: page.meta.search_description || undefined };
}

/** Any other path is a Wagtail page, found by its path (`/api/v2/pages/find/?html_path=`). */
export default async function ContentPage({ params }: Props) {
  const page = await getPageByPath(htmlPath((await params).path));
  if (!page) notFound();
  return <WagtailPageView page={page} />;
}
