import type { Metadata } from "next";
import { FooterView } from "@/components/Footer";
import { HeaderView } from "@/components/Header";
import { StreamBody } from "@/components/content/StreamBody";
import { WagtailPageView } from "@/components/content/WagtailPageView";
import { getPreview } from "@/lib/content";
import type { SnippetPreview } from "@/sdk/types.gen";

export const metadata: Metadata = { title: "Preview", robots: { index: false, follow: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/**
 * The page wagtail-headless-preview opens from the admin (HEADLESS_PREVIEW_URL points at it) with
 * `?content_type=app.model&token=...`: a draft page from /api/v2/page_preview/, or a draft banner, navigation,
 * footer or guarantee from /api/v2/snippet_preview/, rendered by the same components as the live site.
 */
export default async function PreviewPage({ searchParams }: Props) {
  const params = await searchParams;
  const contentType = one(params.content_type);
  const token = one(params.token);
  const preview = contentType && token ? await getPreview(contentType, token) : null;
  if (!preview) {
    return (
      <>
        <h1>Preview not available</h1>
        <p>This preview link is incomplete, or it has expired. Open the preview again from the editor.</p>
      </>
    );
  }
  return (
    <>
      <p className="preview-note" role="note">
        Preview of a draft: this is not published yet.
      </p>
      {preview.kind === "page" ? <WagtailPageView page={preview.page} /> : <SnippetView snippet={preview.snippet} />}
    </>
  );
}

function SnippetView({ snippet }: { snippet: SnippetPreview }) {
  switch (snippet.type) {
    case "banner":
      return (
        <>
          <h1>Banner: {snippet.value.title}</h1>
          <StreamBody
            blocks={[{ type: "banner_slot", id: "preview", value: { position: snippet.value.position, banners: [snippet.value] } }]}
          />
        </>
      );
    case "guarantee":
      return (
        <>
          <h1>Guarantee: {snippet.value.title}</h1>
          <StreamBody blocks={[{ type: "guarantees", id: "preview", value: { heading: "", items: [snippet.value] } }]} />
        </>
      );
    case "navigation":
      return (
        <>
          <h1>Navigation</h1>
          <HeaderView navigation={snippet.value} preview />
        </>
      );
    case "footer":
      return (
        <>
          <h1>Footer</h1>
          <FooterView footer={snippet.value} />
        </>
      );
  }
}
