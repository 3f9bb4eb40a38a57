import { expect, test, type Page } from "@playwright/test";
import { apiJson, expectAccessible, firstBuyableVariant, type Detail } from "./helpers";

function dollars(amount: string) {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(amount as unknown as number);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Checks the radio of each option's value (a radio's name is its value, then "(sold out)" when it is). */
async function choose(page: Page, options: Record<string, string>) {
  for (const [name, value] of Object.entries(options)) {
    await page
      .getByRole("group", { name })
      .getByRole("radio", { name: new RegExp(`^${escape(value)}( \\(|$)`) })
      .check();
  }
}

/** A clothing product with a variant in stock besides the one its page starts on, and one sold out. */
async function pickProductWithOptions(page: Page) {
  const list = await apiJson<{ results: { slug: string; in_stock: boolean }[] }>(
    page.request,
    "/api/v1/products/?category=clothing&in_stock=true&page_size=24",
  );
  for (const summary of list.results) {
    const product = await apiJson<Detail>(page.request, `/api/v1/products/${summary.slug}/`);
    const first = firstBuyableVariant(product);
    const other = product.variants.find((v) => v !== first && v.in_stock && v.available > 0);
    const soldOut = product.variants.find((v) => !v.in_stock || v.available === 0);
    if (product.options.length && first && other && soldOut) return { product, first, other, soldOut };
  }
  throw new Error("no clothing product with variants in stock and sold out");
}

test("a product with options: the pickers choose the variant the cart gets", async ({ page }) => {
  const { product, first, other, soldOut } = await pickProductWithOptions(page);
  await page.goto(`/products/${product.slug}/`);

  // One radio group per option, starting on the first variant in stock.
  for (const option of product.options) {
    const group = page.getByRole("group", { name: option.name });
    await expect(group.getByRole("radio")).toHaveCount(option.values.length);
    await expect(group.getByRole("radio", { checked: true })).toHaveAttribute("value", first.options[option.name]!);
  }
  await expect(page.getByTestId("product-sku")).toHaveText(`SKU ${first.sku}`);
  await expectAccessible(page, "product with options");

  // A sold-out combination cannot be added.
  await choose(page, soldOut.options);
  await expect(page.getByTestId("product-availability")).toHaveText("Sold out");
  await expect(page.getByRole("button", { name: "Add to cart" })).toBeDisabled();

  // Another one in stock: its price, availability and SKU, without a reload; then into the cart.
  await choose(page, other.options);
  await expect(page.getByTestId("product-price")).toContainText(dollars(other.sale_price));
  await expect(page.getByTestId("product-availability")).toHaveText(other.available <= 5 ? `Only ${other.available} left` : "In stock");
  await expect(page.getByTestId("product-sku")).toHaveText(`SKU ${other.sku}`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status")).toContainText("Added to your cart");

  await page.goto("/cart/");
  const line = page.getByTestId("cart-line");
  await expect(line).toHaveCount(1);
  await expect(line).toContainText(`SKU ${other.sku}`);
  const described = Object.entries(other.options)
    .map(([name, value]) => `${name}: ${value}`)
    .join(" · ");
  await expect(line.getByTestId("cart-line-options")).toHaveText(described);
});
