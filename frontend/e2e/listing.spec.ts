import { expect, test, type Page } from "@playwright/test";
import { apiJson, expectAccessible } from "./helpers";

/**
 * The product listing: unfiltered, it is served from the full-route cache (its pages too); any filter makes it a
 * per-request page (src/lib/listing-cache.ts). Either way it shows what the API answers for the same query, and
 * moving between the two (pagination links, the filter form) keeps working.
 */
type Listing = { count: number; results: { name: string }[] };

const firstCard = (page: Page) => page.getByTestId("product-card").first().getByRole("heading");

/** The filters are folded behind "Filter and sort" on a phone. */
async function openFilters(page: Page) {
  const panel = page.locator('details:has(form[aria-label="Filter products"])'); // folded: not in the a11y tree
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator(":scope > summary").click(); // not the attribute folds inside
}

test("the unfiltered listing comes from the cache, a filtered one is rendered for its query", async ({ page, request }) => {
  const all = await apiJson<Listing>(request, "/api/v1/products/?page_size=24");
  const second = await apiJson<Listing>(request, "/api/v1/products/?page_size=24&page=2");
  const pages = Math.ceil(all.count / 24);
  expect(pages, "seed_demo has more than one page of products").toBeGreaterThan(1);

  const first = await page.goto("/products/");
  expect(first?.headers()["x-nextjs-cache"], "served from the full-route cache").toMatch(/HIT|MISS|STALE/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("All products");
  await expect(page.getByRole("heading", { name: `${all.count} products` })).toBeVisible();
  await expect(firstCard(page)).toHaveText(all.results[0]!.name);
  await expectAccessible(page, "product listing");

  // The next page, by its link (a client-side navigation): the cached page 2.
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/\/products\/\?page=2$/);
  await expect(page.getByText(`Page 2 of ${pages}`)).toBeVisible();
  await expect(firstCard(page)).toHaveText(second.results[0]!.name);

  // Filters: a plain GET form, rendered per request for that query.
  const filtered = await apiJson<Listing>(request, "/api/v1/products/?page_size=24&in_stock=true&ordering=price");
  await openFilters(page);
  await page.getByLabel("In stock only").check();
  await page.getByLabel("Sort by").selectOption("price");
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("ordering=price") && r.request().resourceType() === "document"),
    page.getByRole("button", { name: "Apply filters" }).click(),
  ]);
  expect(answer.headers()["x-nextjs-cache"], "not from the cache").toBeUndefined();
  expect(answer.headers()["cache-control"]).toContain("no-store");
  await expect(page).toHaveURL(/in_stock=true/);
  await expect(page.getByRole("heading", { name: `${filtered.count} products` })).toBeVisible();
  await expect(firstCard(page)).toHaveText(filtered.results[0]!.name);
  await expect(page.getByLabel("Sort by")).toHaveValue("price");

  // A malformed filter is reported next to its field, not sent.
  await page.goto("/products/?min_price=ten");
  await expect(page.getByLabel("From")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter an amount such as 25 or 19.99.")).toBeVisible();

  // The cached twin has no address of its own.
  await page.goto("/cached/products/2/");
  await expect(page).toHaveURL(/\/products\/\?page=2$/);
  await expect(firstCard(page)).toHaveText(second.results[0]!.name);
});

test("a category's unfiltered page is cached, and its filters still apply", async ({ page, request }) => {
  const categories = await apiJson<{ results: { slug: string; name: string; parent: unknown }[] }>(
    request,
    "/api/v1/categories/?page_size=100",
  );
  const category = categories.results.find((c) => c.parent === null)!;
  const listing = await apiJson<Listing>(request, `/api/v1/products/?page_size=24&category=${category.slug}`);
  const response = await page.goto(`/categories/${category.slug}/`);
  expect(response?.headers()["x-nextjs-cache"]).toMatch(/HIT|MISS|STALE/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(category.name);
  await expect(page.getByRole("heading", { name: new RegExp(`^${listing.count} products?$`) })).toBeVisible();

  const cheapest = await apiJson<Listing>(request, `/api/v1/products/?page_size=24&category=${category.slug}&ordering=price`);
  await openFilters(page);
  await page.getByLabel("Sort by").selectOption("price");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/categories/${category.slug}/\\?.*ordering=price`));
  await expect(firstCard(page)).toHaveText(cheapest.results[0]!.name);
  await expectAccessible(page, "filtered category");
});
