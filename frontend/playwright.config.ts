import { defineConfig, devices } from "@playwright/test";
import { e2eEnv } from "./e2e/env";

/**
 * Browser tests against a real Django site and the built frontend (`npm run build` first).
 * Both servers are started here unless something already listens on their ports (then they are reused):
 *   Django:   ../manage.py runserver on E2E_API_PORT (8310), on the database in DATABASE_URL;
 *             the global setup migrates it and runs seed_demo (idempotent) before the tests.
 *   Frontend: `npm start` on E2E_PORT (3310), with STOREFRONT_API_URL pointing at that Django.
 * The browser is Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH); nothing is downloaded.
 */
const { apiUrl, frontendUrl, apiPort, frontendPort, djangoEnv, webhookSecret } = e2eEnv();

export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL: frontendUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 900 }, channel: undefined } },
    {
      name: "mobile-390",
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    },
  ],
  webServer: [
    {
      name: "django",
      command: `../.venv/bin/python ../manage.py runserver 127.0.0.1:${apiPort} --noreload`,
      port: apiPort, // listening is enough: the global setup migrates and seeds before any test runs
      env: djangoEnv,
      reuseExistingServer: true,
      timeout: 120_000,
      stdout: "ignore",
      stderr: process.env.E2E_DEBUG ? "pipe" : "ignore",
    },
    {
      name: "frontend",
      command: "npm start",
      url: `${frontendUrl}/cart/`,
      env: { PORT: String(frontendPort), STOREFRONT_API_URL: apiUrl, STOREFRONT_REVALIDATE_SECRET: webhookSecret },
      reuseExistingServer: true,
      timeout: 120_000,
    },
  ],
});
