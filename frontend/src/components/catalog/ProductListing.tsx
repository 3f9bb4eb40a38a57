import Link from "next/link";
import { ApiRequestError } from "@/lib/api";
import { mapApiErrors, type FieldErrors } from "@/lib/errors";
import { chosenAttributes, listingHref, listingParams, ORDERINGS, pageCount, type RawSearchParams } from "@/lib/product-query";
import { getBrands, getCategories, listProducts } from "@/lib/server-data";
import styles from "./listing.module.css";
import { FiltersPanel } from "./FiltersPanel";
import { toCardProduct } from "./card-data";
import { ProductGrid } from "./ProductCard";

type Props = {
  pathname: string;
  searchParams: RawSearchParams;
  /** A category page fixes the category; the search page fixes the text. */
  fixed?: { category?: string; search?: string };
  /** Hide the category filter (a category page) or the search box (it is in the header). */
  showCategoryFilter?: boolean;
};

const FILTER_FIELDS = ["category", "brand", "min_price", "max_price", "in_stock", "ordering", "search", "page", "attr"] as const;
const BUILT_IN_FACETS = new Set(["brand", "category"]);

/** Products with the API's filters, ordering and pagination, all in the URL (a plain GET form: works without JS). */
export async function ProductListing({ pathname, searchParams, fixed = {}, showCategoryFilter = true }: Props) {
  const { query, problems } = listingParams(searchParams, fixed);
  const [categories, brands] = await Promise.all([
    getCategories().catch(() => null),
    getBrands().catch(() => null),
  ]);
  let results = null;
  let errors: FieldErrors | null = null;
  try {
    results = await listProducts({ ...query, facets: "true" });
  } catch (e) {
    if (!(e instanceof ApiRequestError) || e.status >= 500 || !e.body) throw e;
    errors = mapApiErrors(e.body, FILTER_FIELDS);
  }
  const fieldError = (name: string) => problems[name] ?? errors?.fields[name]?.join(" ");
  const selectedBrands = new Set((query.brand ?? "").split(",").filter(Boolean));
  const facets = results?.facets ?? {};
  const brandCounts = new Map((facets.brand ?? []).map((f) => [f.value, f.count]));
  const chosen = chosenAttributes(searchParams);
  const attributeFacets = Object.entries(facets).filter(([name]) => !BUILT_IN_FACETS.has(name));
  const pages = results ? pageCount(results.count, query.page_size) : 1;
  const current = query.page ?? 1;

  return (
    <div className={styles.layout}>
      <FiltersPanel>
      <form method="get" action={pathname} className={styles.filters} aria-label="Filter products">
        {fixed.search !== undefined && <input type="hidden" name="q" value={fixed.search} />}
        {showCategoryFilter && categories && (
          <div className="field">
            <label htmlFor="filter-category">Category</label>
            <select id="filter-category" name="category" defaultValue={query.category ?? ""} aria-invalid={fieldError("category") ? true : undefined} aria-describedby={fieldError("category") ? "filter-category-error" : undefined}>
              <option value="">All categories</option>
              {categories.results.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.parent ? "— " : ""}
                  {c.name}
                </option>
              ))}
            </select>
            {fieldError("category") && <p id="filter-category-error" className="field-error">{fieldError("category")}</p>}
          </div>
        )}
        {brands && brands.results.length > 0 && (
          <fieldset className={styles.fieldset} aria-describedby={fieldError("brand") ? "filter-brand-error" : undefined}>
            <legend>Brand</legend>
            {brands.results.map((b) => (
              <label key={b.slug} className={styles.check}>
                <input type="checkbox" name="brand" value={b.slug} defaultChecked={selectedBrands.has(b.slug)} /> {b.name}
                {brandCounts.has(b.slug) && <span className="muted"> ({brandCounts.get(b.slug)})</span>}
              </label>
            ))}
            {fieldError("brand") && <p id="filter-brand-error" className="field-error">{fieldError("brand")}</p>}
          </fieldset>
        )}
        {attributeFacets.map(([name, values]) => (
          <details key={name} className={styles.fieldset} open={chosen.has(name)}>
            <summary>{name.charAt(0).toUpperCase() + name.slice(1)}</summary>
            <fieldset className={styles.fieldset}>
              <legend className="visually-hidden">{name}</legend>
              {values.filter((v) => !v.value.includes(",")).map((v) => ( // the API's list separator
                <label key={v.value} className={styles.check}>
                  <input type="checkbox" name="attr" value={`${name}:${v.value}`} defaultChecked={chosen.get(name)?.has(v.value) ?? false} />{" "}
                  {v.value} <span className="muted">({v.count})</span>
                </label>
              ))}
            </fieldset>
          </details>
        ))}
        {fieldError("attr") && <p className="field-error">{fieldError("attr")}</p>}
        <fieldset className={styles.fieldset}>
          <legend>Price</legend>
          <div className={styles.priceRow}>
            {(["min_price", "max_price"] as const).map((name) => (
              <div className="field" key={name}>
                <label htmlFor={`filter-${name}`}>{name === "min_price" ? "From" : "To"}</label>
                <input
                  id={`filter-${name}`}
                  name={name}
                  inputMode="decimal"
                  defaultValue={typeof searchParams[name] === "string" ? searchParams[name] : ""}
                  aria-invalid={fieldError(name) ? true : undefined}
                  aria-describedby={fieldError(name) ? `filter-${name}-error` : undefined}
                />
                {fieldError(name) && <p id={`filter-${name}-error`} className="field-error">{fieldError(name)}</p>}
              </div>
            ))}
          </div>
        </fieldset>
        <label className={styles.check}>
          <input type="checkbox" name="in_stock" value="true" defaultChecked={query.in_stock === "true"} /> In stock only
        </label>
        <div className="field">
          <label htmlFor="filter-ordering">Sort by</label>
          <select id="filter-ordering" name="ordering" defaultValue={query.ordering ?? ""} aria-describedby={fieldError("ordering") ? "filter-ordering-error" : undefined}>
            {ORDERINGS.map(([value, label]) => (
              <option key={value} value={value}>
                {value === "" && fixed.search ? "Best match" : label}
              </option>
            ))}
          </select>
          {fieldError("ordering") && <p id="filter-ordering-error" className="field-error">{fieldError("ordering")}</p>}
        </div>
        <button type="submit">Apply filters</button>
      </form>
      </FiltersPanel>

      <section className={styles.results} aria-labelledby="results-heading">
        <h2 id="results-heading" className={styles.count} aria-live="polite">
          {results ? `${results.count} ${results.count === 1 ? "product" : "products"}` : "No results"}
        </h2>
        {errors?.general.map((m) => (
          <p key={m} className="form-error" role="alert">
            {m}
          </p>
        ))}
        {results && results.results.length > 0 && <ProductGrid products={results.results.map(toCardProduct)} />}
        {results && results.results.length === 0 && <p>No products match these filters.</p>}
        {results && pages > 1 && (
          <nav aria-label="Pages" className={styles.pagination}>
            {current > 1 && (
              <Link href={listingHref(pathname, searchParams, current - 1)} rel="prev">
                ← Previous
              </Link>
            )}
            <span>
              Page {current} of {pages}
            </span>
            {current < pages && (
              <Link href={listingHref(pathname, searchParams, current + 1)} rel="next">
                Next →
              </Link>
            )}
          </nav>
        )}
      </section>
    </div>
  );
}
