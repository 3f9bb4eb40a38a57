/** Wagtail API v2 pages and previews (/api/v2/), through the generated SDK and its types. */
import { pagePreviewRetrieve, pagesFind, snippetPreviewRetrieve } from "@/sdk/sdk.gen";
import type { ContentPageBody, HomePageBody, PageDetail, SnippetPreview } from "@/sdk/types.gen";
import { ApiRequestError, cachedRead, privateRead, unwrap, unwrapOrNull } from "./api";

export type WagtailPage = PageDetail;
export type StreamBlock = HomePageBody | ContentPageBody;

/** Cache tags: what the revalidation webhook (src/app/revalidate/) names when an editor publishes. */
export const pageTag = (htmlPath: string) => `page:${htmlPath}`;
export const PAGES_TAG = "pages";

/** The live page at a site path ("/", "/about/"), or null. One request (`redirect=false`). */
export function getPageByPath(htmlPath: string): Promise<WagtailPage | null> {
  return unwrapOrNull(
    pagesFind({ ...cachedRead([PAGES_TAG, pageTag(htmlPath)]), query: { html_path: htmlPath, redirect: "false" } }),
  );
}

/** Snippets the admin previews through the snippet endpoint; any other content type is a page. */
const SNIPPET_TYPES = new Set(["home.banner", "home.navigationmenu", "home.footer", "home.serviceguarantee"]);

export type Preview = { kind: "page"; page: WagtailPage } | { kind: "snippet"; snippet: SnippetPreview };

/** A draft behind a preview token (wagtail-headless-preview): null when the token is unknown, forged or expired.
 * Never cached. */
export async function getPreview(contentType: string, token: string): Promise<Preview | null> {
  const query = { content_type: contentType, token };
  try {
    if (SNIPPET_TYPES.has(contentType.toLowerCase())) {
      return { kind: "snippet", snippet: await unwrap(snippetPreviewRetrieve({ ...privateRead, query })) };
    }
    return { kind: "page", page: await unwrap(pagePreviewRetrieve({ ...privateRead, query })) };
  } catch (e) {
    if (e instanceof ApiRequestError && (e.status === 404 || e.status === 400)) return null;
    throw e;
  }
}
