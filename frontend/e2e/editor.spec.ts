import { expect, test, type Page } from "@playwright/test";
import { e2eEnv } from "./env";
import { expectAccessible, stepShots } from "./helpers";

/**
 * An editor changes the home page's hero heading in the Wagtail admin, previews it on this frontend, publishes it,
 * and the live frontend shows it at once: the publish POSTs the signed content.changed webhook to /revalidate/
 * (env.ts: FRONTEND_REVALIDATE_URL, WEBHOOK_SECRET, eager Celery; the config gives the frontend the secret), so
 * the live page is not left to its 30 s cache. The heading is unique per run and put back at the end.
 * axe runs on the frontend's pages only, not on the admin.
 */
const { apiUrl, frontendUrl } = e2eEnv();
const EDITOR = { email: "editor@example.com", password: "demo-password-123" }; // seed_demo: in the Editors group

async function homePageId(page: Page): Promise<number> {
  const response = await page.request.get(`${apiUrl}/api/v2/pages/find/?html_path=/&redirect=false`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { id: number }).id;
}

/** The hero heading's input in the edit form: the StreamField block whose type is "hero", by its field name. */
async function heroHeadingInput(admin: Page) {
  const types = admin.locator('input[type="hidden"][name^="body-"][name$="-type"]');
  await expect(types.first()).toBeAttached();
  const names = await types.evaluateAll((inputs) =>
    (inputs as HTMLInputElement[]).filter((i) => i.value === "hero").map((i) => i.name),
  );
  expect(names.length, "a hero block in the home page's body").toBeGreaterThan(0);
  const input = admin.locator(`input[name="${names[0]!.replace(/-type$/, "-value-heading")}"]`);
  await expect(input).toBeVisible();
  return input;
}

async function publish(admin: Page) {
  await admin.getByRole("button", { name: "More actions" }).click();
  await admin.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(admin.locator(".messages")).toContainText("has been published");
}

test("an editor previews a hero heading on the frontend, publishes it, and the live page shows it", async ({
  page: admin,
  context,
}, testInfo) => {
  const shot = stepShots(testInfo, "editor");
  const id = await homePageId(admin);
  const heading = `Fresh picks, edited ${Date.now().toString(36)} (${testInfo.project.name})`;

  // Sign in to the Wagtail admin as the demo editor, straight on to the home page's edit view.
  const editUrl = `${apiUrl}/admin/pages/${id}/edit/`;
  await admin.goto(`${apiUrl}/admin/login/?${new URLSearchParams({ next: new URL(editUrl).pathname })}`);
  await admin.getByLabel(/email|username/i).fill(EDITOR.email);
  await admin.getByLabel("Password").fill(EDITOR.password);
  await shot(admin, "admin-sign-in", { fullPage: false });
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin).toHaveURL(editUrl);

  // Change the hero's heading (the live one is whatever is published now).
  const input = await heroHeadingInput(admin);
  const original = await input.inputValue();
  expect(original).not.toBe("");
  await input.fill(heading);
  await shot(admin, "admin-heading-changed", { fullPage: false });

  // The live page shows the published heading (visited now, so its 30 s cache holds it).
  const live = await context.newPage();
  const liveHero = live.locator('[data-block="hero"]').getByRole("heading");
  await live.goto("/");
  await expect(liveHero).toHaveText(original);

  // Preview: the admin's panel shows this frontend's /preview/ with the unsaved heading.
  await admin.getByRole("button", { name: "Toggle preview" }).click();
  const panel = admin.frameLocator("#w-preview-iframe");
  await expect(panel.locator('[data-block="hero"]').getByRole("heading")).toHaveText(heading, { timeout: 20_000 });
  await expect(panel.getByRole("note")).toContainText("Preview");
  const panelUrl = admin.frames().find((f) => f.url().includes("/preview/?"))?.url();
  expect(panelUrl, "the preview panel shows the frontend").toContain(`${frontendUrl}/preview/?`);
  await shot(admin, "admin-preview-panel", { fullPage: false });
  // The panel's address (the frontend's /preview/ with a signed token) shows the same draft in a tab of its own.
  const preview = await context.newPage();
  await preview.goto(panelUrl!);
  await expect(preview).toHaveURL(/\/preview\/\?content_type=home\.homepage&token=/);
  await expect(preview.locator('[data-block="hero"]').getByRole("heading")).toHaveText(heading);
  await expectAccessible(preview, "home page preview");
  await shot(preview, "frontend-preview");
  await preview.close();

  // Not published yet: the live page still shows the old heading.
  await live.reload();
  await expect(liveHero).toHaveText(original);
  await shot(live, "live-before-publish");

  // Publish (the panel covers the action bar on a phone: close it first).
  await admin.getByRole("button", { name: "Toggle preview" }).click();
  await expect(admin.locator("#w-preview-iframe")).toBeHidden();
  await publish(admin);
  await shot(admin, "admin-published", { fullPage: false });

  // The live page shows it on the next visit: the webhook made its cached read stale (no waiting for 30 s).
  await live.reload();
  await expect(liveHero).toHaveText(heading, { timeout: 5_000 });
  await expectAccessible(live, "home after publishing");
  await shot(live, "live-after-publish");

  // Put the heading back, through the admin again.
  await admin.goto(editUrl);
  await (await heroHeadingInput(admin)).fill(original);
  await publish(admin);
  await live.reload();
  await expect(liveHero).toHaveText(original, { timeout: 5_000 });
  await shot(live, "live-restored");
});
