import { expect, test } from "@playwright/test";
import { apiJson, apiUrl, expectAccessible, pickBuyableProduct, stepShots, uniqueEmail } from "./helpers";

type Order = {
  number: string;
  email: string;
  total: string;
  subtotal: string;
  discount_total: string;
  shipping_total: string;
  coupon: string | null;
  currency: string;
  items: { product_slug: string; sku: string; options: Record<string, string>; quantity: number }[];
};

function dollars(amount: string) {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(amount as unknown as number);
}

test("a guest goes from the home page to a placed order", async ({ page, request }, testInfo) => {
  const shot = stepShots(testInfo, "guest");
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator('[data-block="hero"]')).toBeVisible();
  await expectAccessible(page, "home");
  await shot(page, "home");

  // Home → the first featured category (whatever the CMS features).
  const tile = page.locator('[data-block="featured_categories"] a').first();
  const categoryHref = (await tile.getAttribute("href"))!;
  const category = categoryHref.split("/").filter(Boolean).pop()!;
  await tile.click();
  await expect(page).toHaveURL(new RegExp(`/categories/${category}/$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page, "category");
  await shot(page, "category");

  // Category → a product with stock.
  const product = await pickBuyableProduct(request, category);
  await page.locator(`a[href="/products/${product.slug}/"]`).first().click();
  await expect(page.getByRole("heading", { level: 1, name: product.name })).toBeVisible();
  // The price of the variant the page starts on (the product's own without options).
  await expect(page.getByTestId("product-price")).toContainText(dollars(product.variant.sale_price));
  await expectAccessible(page, "product");
  await shot(page, "product");

  // Add 2 to the cart (the first add creates the cart).
  await page.getByLabel("Quantity").fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status")).toContainText("Added to your cart");
  await expect(page.getByTestId("cart-link")).toContainText("(2)");
  await shot(page, "added-to-cart");

  // Cart → coupon.
  await page.getByTestId("cart-link").click();
  await expect(page.getByTestId("cart-line")).toHaveCount(1);
  await expect(page.getByTestId("cart-line")).toContainText(`SKU ${product.variant.sku}`); // the variant's SKU
  await page.getByLabel("Coupon code").fill("welcome10"); // codes are case-insensitive
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("applied-coupon")).toHaveText("WELCOME10");
  await expect(page.getByTestId("cart-discount")).toBeVisible();
  const cartTotal = (await page.getByTestId("cart-total").textContent())!;
  await expectAccessible(page, "cart");
  await shot(page, "cart-with-coupon");

  // Checkout as a guest.
  await page.getByTestId("go-to-checkout").click();
  await expect(page).toHaveURL(/\/checkout\/$/);
  await expectAccessible(page, "checkout");
  const email = uniqueEmail(testInfo.project.name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Address", { exact: true }).fill("12 Analytical Row");
  await page.getByLabel("City").fill("London");
  await page.getByLabel("Postal code").fill("N1 9GU");
  await page.getByLabel("Country").selectOption("GB");
  await shot(page, "checkout-filled");
  await page.getByRole("button", { name: "Place order" }).click();

  // Confirmation, read with the guest's access token.
  await expect(page.getByRole("heading", { level: 1, name: "Thank you for your order" })).toBeVisible();
  const number = (await page.getByTestId("order-number").textContent())!;
  expect(page.url()).toContain(`/orders/${number}/`);
  expect(page.url()).not.toContain("token="); // the token stays out of the URL
  await expectAccessible(page, "order confirmation");
  await shot(page, "order-confirmation");
  await expect(page.getByTestId("cart-link")).toContainText("(0)"); // the cart is done

  // The order, fetched from the API, has the total the page shows.
  const token = await page.evaluate((n) => sessionStorage.getItem(`storefront.orderToken.${n}`), number);
  expect(token).toBeTruthy();
  const order = await apiJson<Order>(request, `/api/v1/orders/${number}/`, { "X-Order-Token": token! });
  expect(order.email).toBe(email);
  expect(order.coupon).toBe("WELCOME10");
  expect(order.items).toEqual([
    expect.objectContaining({ product_slug: product.slug, sku: product.variant.sku, options: product.variant.options, quantity: 2 }),
  ]);
  await expect(page.getByTestId("order-total")).toHaveText(dollars(order.total));
  // What the cart showed before shipping, plus shipping, is what was charged.
  const cents = (s: string) => Math.round(Number(s.replace(/[^0-9.]/g, "")) * 100);
  expect(cents(cartTotal) + cents(order.shipping_total)).toBe(cents(order.total));
  // The payment step: the operator's providers, from the API.
  await expect(page.getByTestId("payment-status")).toHaveText("unpaid");
  const payment = page.getByTestId("payment-step");
  const manual = payment.getByRole("radio", { name: /bank transfer/i });
  if (await manual.count()) {
    await manual.check();
    await payment.getByRole("button", { name: "Pay now" }).click();
    await expect(page.getByTestId("payment-recorded")).toBeVisible();
    await shot(page, "payment-recorded");
    const paid = await apiJson<{ payments: { provider: string }[] }>(request, `/api/v1/orders/${number}/`, { "X-Order-Token": token! });
    expect(paid.payments.map((p) => p.provider)).toContain("manual");
  }

  // Without the token the order is not there for anyone else.
  const anonymous = await request.get(`${apiUrl}/api/v1/orders/${number}/`);
  expect(anonymous.status()).toBe(404);
});
