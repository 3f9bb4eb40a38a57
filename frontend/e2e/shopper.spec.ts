import { expect, test } from "@playwright/test";
import { expectAccessible, pickBuyableProduct, stepShots, uniqueEmail } from "./helpers";

test("a new shopper signs up, checks out and finds the order in their history", async ({ page, context, request }, testInfo) => {
  const shot = stepShots(testInfo, "shopper");
  const email = uniqueEmail(`signup-${testInfo.project.name}`); // a new account on every run

  // Sign up in /account/: the new account is signed in at once (httpOnly JWT cookies) and has no orders yet.
  await page.goto("/account/");
  const signUp = page.getByRole("form", { name: "Create an account" });
  await signUp.getByLabel("First name").fill("Grace");
  await signUp.getByLabel("Last name").fill("Hopper");
  await signUp.getByLabel("Email").fill(email);
  await signUp.getByLabel("Password").fill("short"); // the API's password rules, shown next to the field
  await signUp.getByRole("button", { name: "Create account" }).click();
  await expect(signUp.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#sign-up-password-error")).toBeVisible();
  await expectAccessible(page, "sign-up with an error");
  await shot(page, "sign-up-error");
  await signUp.getByLabel("Password").fill("a-long-e2e-passphrase-42");
  await shot(page, "sign-up-filled");
  await signUp.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello, Grace");
  await expect(page.getByText("You have not ordered anything yet.")).toBeVisible();
  expect((await context.cookies()).find((c) => c.name === "sf_access")?.httpOnly).toBe(true);
  await expectAccessible(page, "new account");
  await shot(page, "signed-up");

  // Buy a product: cart, then checkout with the account's email filled in.
  const product = await pickBuyableProduct(request, "home");
  await page.goto(`/products/${product.slug}/`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status")).toContainText("Added to your cart");
  await shot(page, "added-to-cart");
  await page.getByTestId("cart-link").click();
  await expect(page.getByTestId("cart-line")).toHaveCount(1);
  await shot(page, "cart");
  await page.getByTestId("go-to-checkout").click();
  await expect(page).toHaveURL(/\/checkout\/$/);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByLabel("Full name").fill("Grace Hopper");
  await page.getByLabel("Address", { exact: true }).fill("1 Compiler Court");
  await page.getByLabel("City").fill("Arlington");
  await page.getByLabel("Postal code").fill("22201");
  await shot(page, "checkout-filled");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thank you for your order" })).toBeVisible();
  const number = (await page.getByTestId("order-number").textContent())!;
  const total = (await page.getByTestId("order-total").textContent())!;
  await expectAccessible(page, "order confirmation (signed in)");
  await shot(page, "order-confirmation");

  // The order history on /account/ lists it (the only one: a new account), with the total the shopper was shown.
  await page.goto("/account/");
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(2); // the header and this order
  await expect(rows.nth(1).getByRole("cell")).toHaveText([number, /\S/, /\S/, total]);
  await expectAccessible(page, "account with an order");
  await shot(page, "order-history");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("form", { name: "Sign in" })).toBeVisible();
});
