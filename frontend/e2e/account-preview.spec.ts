import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { e2eEnv } from "./env";
import { expectAccessible } from "./helpers";

const here = path.dirname(fileURLToPath(import.meta.url));

test("a demo shopper signs in, sees their orders, and signs out", async ({ page, context }) => {
  await page.goto("/account/");
  await expectAccessible(page, "account (signed out)");
  const reset = page.getByRole("form", { name: "Forgot your password?" });
  await reset.getByLabel("Email").fill("nobody-here@example.com");
  await reset.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByTestId("reset-sent")).toBeVisible(); // the same answer whether or not the account exists

  const signIn = page.getByRole("form", { name: "Sign in" });
  await signIn.getByLabel("Email").fill("alice@example.com");
  await signIn.getByLabel("Password").fill("not-her-password");
  await signIn.getByRole("button", { name: "Sign in" }).click();
  await expect(signIn.getByRole("alert")).toContainText(/no active account/i);

  await signIn.getByLabel("Password").fill("demo-password-123");
  await signIn.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("account-email")).toHaveText("alice@example.com");
  await expect(page.getByRole("table").getByRole("row")).not.toHaveCount(1); // a header row and her orders
  // The JWTs are httpOnly cookies: not readable by the page's script.
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === "sf_access")?.httpOnly).toBe(true);
  expect(await page.evaluate(() => document.cookie)).not.toContain("sf_access");
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toMatch(/eyJ/);
  await expectAccessible(page, "account (signed in)");

  // The address book: an API error lands next to its field, then a valid address is listed and removed.
  const street = `${Date.now() % 100000} E2E Street`; // unique: a rerun never sees an earlier run's address
  await page.getByText("Add an address").click();
  const form = page.getByRole("form", { name: "Add an address" });
  await form.getByLabel("Address", { exact: true }).fill(street);
  await form.getByLabel("City").fill("Testville");
  await form.getByLabel("Postal code").fill("99999");
  await form.getByRole("button", { name: "Save address" }).click();
  await expect(form.getByLabel("Full name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#address-name-error")).toBeVisible();
  await form.getByLabel("Full name").fill("Alice E2E");
  await form.getByRole("button", { name: "Save address" }).click();
  const saved = page.getByTestId("address-list").getByRole("listitem").filter({ hasText: street });
  await expect(saved).toHaveCount(1);
  await expectAccessible(page, "account with an address");
  await saved.getByRole("button", { name: /Remove/ }).click();
  await expect(saved).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("form", { name: "Sign in" })).toBeVisible();
});

test("the preview page renders a draft with the live pages' components", async ({ page }) => {
  const python = process.env.STOREFRONT_PYTHON ?? path.join(here, "..", "..", ".venv", "bin", "python");
  const out = execFileSync(
    python,
    [path.join(here, "..", "..", "manage.py"), "shell", "-c", `exec(open(${JSON.stringify(path.join(here, "make-preview.py"))}).read())`],
    { env: e2eEnv().djangoEnv as NodeJS.ProcessEnv, encoding: "utf8" },
  );
  const [contentType, token] = out.trim().split("\n").pop()!.split(" ");
  await page.goto(`/preview/?${new URLSearchParams({ content_type: contentType!, token: token! })}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("About us (draft from e2e)");
  await expect(page.getByRole("note")).toContainText("Preview");
  await expectAccessible(page, "preview");

  await page.goto("/about/"); // the live page is unchanged
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("About us");
  await page.goto("/preview/?content_type=home.contentpage&token=forged");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Preview not available");
});
