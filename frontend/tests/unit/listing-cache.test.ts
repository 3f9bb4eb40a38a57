import { describe, expect, it } from "vitest";
import { cachedListingQuery, cachedPage, FILTER_KEYS, listingRedirects, listingRewrites } from "@/lib/listing-cache";
import { listingParams } from "@/lib/product-query";
// Next's own matcher for `has`/`missing`, so the test checks the rules as the server applies them.
import { matchHas } from "next/dist/shared/lib/router/utils/prepare-destination";

type Query = Record<string, string | string[]>;

/** Where a request for `pathname?query` goes: the cached twin's path, or null (the per-request route). */
function cachedTarget(pathname: string, query: Query): string | null {
  for (const rule of listingRewrites()) {
    const source = new RegExp(`^${rule.source.replace(":slug", "(?<slug>[^/]+)")}$`);
    const path = source.exec(pathname);
    if (!path) continue;
    const params = matchHas({ headers: {} } as never, query, rule.has, rule.missing);
    if (!params) continue;
    const all: Record<string, unknown> = { ...path.groups, ...params };
    return rule.destination.replace(/:(\w+)/g, (_, name: string) => String(all[name] ?? `:${name}`));
  }
  return null;
}

describe("cached listings", () => {
  it("sends an unfiltered listing and its pages to the cached twin", () => {
    expect(cachedTarget("/products/", {})).toBe("/cached/products/1/");
    expect(cachedTarget("/products/", { page: "3" })).toBe("/cached/products/3/");
    expect(cachedTarget("/categories/home/", {})).toBe("/cached/categories/home/1/");
    expect(cachedTarget("/categories/home/", { page: "2" })).toBe("/cached/categories/home/2/");
    // Keys the listing does not read (a campaign tag, the router's own) change nothing on the page.
    expect(cachedTarget("/products/", { utm_source: "mail", _rsc: "abc" })).toBe("/cached/products/1/");
    // An empty filter is no filter (the form sends every field).
    expect(cachedTarget("/products/", { category: "", ordering: "" })).toBe("/cached/products/1/");
  });

  it("keeps every filter, and any odd page, on the per-request route", () => {
    for (const key of FILTER_KEYS) expect(cachedTarget("/products/", { [key]: "x" }), key).toBeNull();
    expect(cachedTarget("/products/", { brand: ["a", "b"] })).toBeNull();
    expect(cachedTarget("/categories/home/", { min_price: "ten" })).toBeNull();
    for (const page of ["0", "01", "abc", "10000", "-1"]) expect(cachedTarget("/products/", { page }), page).toBeNull();
  });

  it("covers every query key the listing reads", () => {
    // Each key below changes the API query when set; each must keep the request off the cache.
    const read = ["category", "brand", "min_price", "max_price", "in_stock", "ordering", "q", "search", "attr"] as const;
    const values: Record<(typeof read)[number], string> = {
      category: "home",
      brand: "b",
      min_price: "1",
      max_price: "2",
      in_stock: "true",
      ordering: "price",
      q: "mug",
      search: "mug",
      attr: "colour:Red",
    };
    for (const key of read) {
      expect(listingParams({ [key]: values[key] }).query, key).not.toEqual(listingParams({}).query);
      expect(FILTER_KEYS).toContain(key);
    }
  });

  it("renders a cached page with the query the per-request route would read", () => {
    expect(cachedPage("1")).toBe(1);
    expect(cachedPage("42")).toBe(42);
    expect(cachedPage("01")).toBeNull();
    expect(cachedPage("x")).toBeNull();
    expect(cachedListingQuery(1)).toEqual({});
    expect(listingParams(cachedListingQuery(3)).query).toEqual(listingParams({ page: "3" }).query);
  });

  it("redirects a cached twin's own address to the public one", () => {
    expect(listingRedirects()).toEqual([
      { source: "/cached/products/:page/", destination: "/products/?page=:page", permanent: false },
      { source: "/cached/categories/:slug/:page/", destination: "/categories/:slug/?page=:page", permanent: false },
    ]);
  });
});
