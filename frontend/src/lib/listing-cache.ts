/**
 * Which product listings are served from the full-route cache. Pure (no Next imports): next.config.ts builds its
 * rewrites and redirects from it, and the unit tests check it.
 *
 * A listing reads its filters from the URL's query, and a page that reads searchParams is rendered per request. The
 * unfiltered listings (`/products/`, `/categories/<slug>/`, and their `?page=N`) are what most visitors and every
 * crawler ask for, and they are the same for everyone: those are rewritten to twin routes under /cached/ whose only
 * input is the path (rendered once, kept 30 s, made stale by the webhook). Any filter in the query (even a wrong
 * one: it is reported next to its field) keeps the request on the per-request route.
 */

/** Every query key the listing reads (src/lib/product-query.ts listingParams). A key with an empty value is no
 * filter (Next's `missing` treats `?category=` as missing, and listingParams ignores it too). */
export const FILTER_KEYS = ["category", "brand", "min_price", "max_price", "in_stock", "ordering", "q", "search", "attr"] as const;

/** The pages of an unfiltered listing that are cached: 1 to 9999 (written without leading zeros, so that one page
 * has one cache entry). Anything else in `page` is left to the per-request route. */
export const CACHED_PAGE = "[1-9][0-9]{0,3}";
const CACHED_PAGE_RE = new RegExp(`^${CACHED_PAGE}$`);

/** The page number of a cached listing's path segment, or null (then the route answers 404). */
export function cachedPage(segment: string): number | null {
  return CACHED_PAGE_RE.test(segment) ? Number(segment) : null;
}

/** The query a cached listing page renders with: what the per-request route would read from the URL. */
export function cachedListingQuery(page: number): Record<string, string> {
  return page > 1 ? { page: String(page) } : {};
}

type Condition = { type: "query"; key: string; value?: string };
type Rewrite = { source: string; destination: string; has?: Condition[]; missing?: Condition[] };
type Redirect = { source: string; destination: string; permanent: boolean };

/** [public path, the cached twin's prefix]; `:slug` is the same segment in both. */
const LISTINGS: [string, string][] = [
  ["/products/", "/cached/products/"],
  ["/categories/:slug/", "/cached/categories/:slug/"],
];

const noFilter: Condition[] = FILTER_KEYS.map((key) => ({ type: "query", key }));

/** next.config rewrites (beforeFiles: they must win over the public route's own page). */
export function listingRewrites(): Rewrite[] {
  return LISTINGS.flatMap(([source, cached]) => [
    { source, missing: [...noFilter, { type: "query", key: "page" }], destination: `${cached}1/` },
    {
      source,
      has: [{ type: "query", key: "page", value: `(?<page>${CACHED_PAGE})` }],
      missing: noFilter,
      destination: `${cached}:page/`,
    },
  ]);
}

/** The cached twins are not addresses of their own: a visitor who types one is sent to the public URL. Redirects
 * are matched against the requested path only, never against where a rewrite led. */
export function listingRedirects(): Redirect[] {
  return LISTINGS.map(([source, cached]) => ({
    source: `${cached}:page/`,
    destination: `${source}?page=:page`,
    permanent: false,
  }));
}
