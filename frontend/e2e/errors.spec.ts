import { expect, test } from "@playwright/test";
import { apiJson, expectAccessible, pickBuyableProduct, type Detail } from "./helpers";

test("an out-of-stock product's error appears next to the quantity", async ({ page, request }) => {
  // A product without options: one with options disables adding a sold-out variant instead (variants.spec.ts).
  const soldOut = await apiJson<{ results: { slug: string; name: string }[] }>(
    request,
    "/api/v1/products/?in_stock=false&page_size=24",
  );
  let product: Detail | undefined;
  for (const summary of soldOut.results) {
    const detail = await apiJson<Detail>(request, `/api/v1/products/${summary.slug}/`);
    if (detail.options.length === 0) {
      product = detail;
      break;
    }
  }
  if (!product) throw new Error("no sold-out product without options");
  await page.goto(`/products/${product.slug}/`);
  await expect(page.getByText("Out of stock", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Add to cart" }).click();
  const quantity = page.getByLabel("Quantity");
  await expect(quantity).toHaveAttribute("aria-invalid", "true");
  const errorId = (await quantity.getAttribute("aria-describedby"))!;
  await expect(page.locator(`[id="${errorId}"]`)).toContainText(/out of stock/i);
  await expectAccessible(page, "product with an error");
});

test("a bad coupon and a bad address are shown next to their fields", async ({ page, request }) => {
  const product = await pickBuyableProduct(request, "clothing");
  await page.goto(`/products/${product.slug}/`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status")).toContainText("Added to your cart");

  await page.goto("/cart/");
  const code = page.getByLabel("Coupon code");
  await code.fill("NOT-A-REAL-CODE");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(code).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#coupon-code-error")).toContainText(/not valid/i);
  await expect(code).toHaveAttribute("aria-describedby", "coupon-code-error");
  await expectAccessible(page, "cart with a coupon error");

  await page.goto("/checkout/");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.locator("#checkout-email-error")).toContainText(/valid email/i);
  await expect(page.locator("#checkout-name-error")).toBeVisible(); // blank name, from the API
  await expect(page.getByLabel("Full name")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "checkout with errors");
});
