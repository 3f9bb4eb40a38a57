/** The product listing's URL query <-> the API's filters (GET /api/v1/products/). Pure, so it is unit tested. */

export const ORDERINGS = [
  ["", "Newest"],
  ["price", "Price: low to high"],
  ["-price", "Price: high to low"],
  ["name", "Name: A to Z"],
  ["-name", "Name: Z to A"],
  ["-rating", "Best rated"],
] as const;

export const PAGE_SIZE = 24;

export type Ordering = "-created_at" | "-name" | "-price" | "-rating" | "created_at" | "name" | "price" | "rating";
const ORDERING_VALUES: readonly string[] = ["-created_at", "-name", "-price", "-rating", "created_at", "name", "price", "rating"];

export type ListingParams = {
  category?: string;
  brand?: string;
  min_price?: number;
  max_price?: number;
  in_stock?: "true" | "false";
  search?: string;
  ordering?: Ordering;
  page?: number;
  page_size: number;
  /** `?facets=true`: counts per brand, category and attribute value beside the results. */
  facets?: "true" | "false";
  /** The API's attribute filters, `attr.colour=Red,Blue` (its schema cannot name them: any attribute). */
  [attribute: `attr.${string}`]: string;
};

export type RawSearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  const trimmed = v?.trim();
  return trimmed ? trimmed : undefined;
}

function all(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value ? [value] : [];
  return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}

/** A price filter as the number the SDK types want; a malformed one is kept as NaN-free `undefined` and reported. */
function price(value: string | undefined, problems: Record<string, string>, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d{1,2})?$/.test(value)) {
    problems[name] = "Enter an amount such as 25 or 19.99.";
    return undefined;
  }
  return Number(value); // a price bound with at most 2 decimals: exact enough as a query value
}

/**
 * Reads the listing's URL. `fixed` wins over the URL (a category page fixes `category`). Returns the API query
 * and the problems found in the URL (shown next to their filter, and not sent to the API).
 */
export function listingParams(
  searchParams: RawSearchParams,
  fixed: Partial<Pick<ListingParams, "category" | "search">> = {},
): { query: ListingParams; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const query: ListingParams = { page_size: PAGE_SIZE };
  const category = fixed.category ?? first(searchParams.category);
  if (category) query.category = category;
  const brands = all(searchParams.brand);
  if (brands.length) query.brand = brands.join(",");
  const min = price(first(searchParams.min_price), problems, "min_price");
  if (min !== undefined) query.min_price = min;
  const max = price(first(searchParams.max_price), problems, "max_price");
  if (max !== undefined) query.max_price = max;
  if (first(searchParams.in_stock) === "true") query.in_stock = "true";
  const search = fixed.search ?? first(searchParams.q) ?? first(searchParams.search);
  if (search) query.search = search;
  const ordering = first(searchParams.ordering);
  if (ordering && ORDERING_VALUES.includes(ordering)) query.ordering = ordering as Ordering;
  else if (ordering) problems.ordering = "Choose one of the sort orders.";
  const page = first(searchParams.page);
  if (page && /^\d+$/.test(page) && Number(page) > 1) query.page = Number(page);
  for (const [name, values] of chosenAttributes(searchParams, problems)) query[`attr.${name}`] = [...values].join(",");
  return { query, problems };
}

/**
 * The attribute values ticked in the filter form: `?attr=colour:Red&attr=size:M` (one query key for all of them,
 * so the cached-listing rewrites can tell a filtered listing by its key: src/lib/listing-cache.ts).
 */
export function chosenAttributes(searchParams: RawSearchParams, problems: Record<string, string> = {}): Map<string, Set<string>> {
  const chosen = new Map<string, Set<string>>();
  const raw = searchParams.attr;
  for (const item of (Array.isArray(raw) ? raw : raw ? [raw] : []).map((v) => v.trim()).filter(Boolean)) {
    const at = item.indexOf(":");
    const name = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (at < 1 || !value || value.includes(",")) {
      problems.attr = "Choose attribute values from the list.";
      continue;
    }
    chosen.set(name, (chosen.get(name) ?? new Set()).add(value));
  }
  return chosen;
}

/** The listing URL for a page of the same filters (pagination links). */
export function listingHref(pathname: string, searchParams: RawSearchParams, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    if (key === "page" || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (v !== "") params.append(key, v);
  }
  if (page > 1) params.set("page", String(page));
  const qs = params.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}

export function pageCount(count: number, pageSize: number = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(count / pageSize));
}
