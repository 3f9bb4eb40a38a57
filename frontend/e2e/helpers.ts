import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { e2eEnv, SCREENS_DIR } from "./env";

export const { apiUrl } = e2eEnv();

/**
 * A screenshot of each step of a flow: `e2e-screens/<project>/<flow>-<nn>-<step>.png`, numbered in the order taken
 * (a retry overwrites its first attempt's). The whole page by default; the Wagtail admin scrolls inside its own
 * panes, so its shots are of the viewport.
 */
export function stepShots(testInfo: TestInfo, flow: string) {
  let n = 0;
  return async (page: Page, step: string, { fullPage = true } = {}) => {
    n += 1;
    const name = `${flow}-${String(n).padStart(2, "0")}-${step}.png`;
    await page.screenshot({ path: path.join(SCREENS_DIR, testInfo.project.name, name), fullPage, scale: "css", animations: "disabled" });
  };
}

/** axe-core with the WCAG 2.1 A/AA rules: no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page, label: string) {
  await expect(page).toHaveTitle(/\S/); // Next streams metadata: wait for the page's title, then check
  await page.waitForLoadState("networkidle");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n  ")}`);
  expect(report, `axe on ${label}`).toEqual([]);
}

type Summary = { slug: string; name: string; sale_price: string; in_stock: boolean; category: { slug: string } };
type Variant = { sku: string; options: Record<string, string>; sale_price: string; available: number; in_stock: boolean };
export type Detail = Summary & {
  sku: string;
  available: number;
  options: { name: string; values: string[] }[];
  variants: Variant[];
};
/** A product to buy, with the variant its page starts on (the first in stock; the only one without options). */
export type Buyable = Detail & { variant: Variant };

/** The variant the product page picks first (src/lib/variants.ts initialChoice): the first that can be bought. */
export function firstBuyableVariant(product: Detail): Variant | undefined {
  return product.variants.find((v) => v.in_stock && v.available > 0);
}

export async function apiJson<T>(request: APIRequestContext, path: string, headers?: Record<string, string>): Promise<T> {
  const response = await request.get(`${apiUrl}${path}`, { headers });
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

/**
 * A product of the category with plenty of stock and a price that makes 2 of them meet WELCOME10's minimum; for a
 * product with options (clothing), the variant its page starts on must have them, so the add needs no picking.
 */
export async function pickBuyableProduct(request: APIRequestContext, category: string): Promise<Buyable> {
  // The first page of the category as the category page shows it (same filters), so its card is on screen.
  const list = await apiJson<{ results: Summary[] }>(request, `/api/v1/products/?category=${category}&page_size=24`);
  for (const summary of list.results) {
    if (!summary.in_stock) continue;
    const detail = await apiJson<Detail>(request, `/api/v1/products/${summary.slug}/`);
    const variant = firstBuyableVariant(detail);
    if (variant && variant.available >= 10 && Number.parseInt(variant.sale_price, 10) >= 20) return { ...detail, variant };
  }
  throw new Error(`no product with stock in ${category}`);
}

export function uniqueEmail(tag: string) {
  return `e2e-${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}
