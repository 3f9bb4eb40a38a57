import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where the step screenshots go (helpers.ts stepShots; git-ignored, kept by CI as an artefact). The global setup
 * empties it, so it holds one run's shots. */
export const SCREENS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "e2e-screens");

/** Ports, URLs and the Django environment of the browser tests (shared by the config and the global setup). */
export function e2eEnv() {
  const apiPort = Number(process.env.E2E_API_PORT ?? 8310);
  const frontendPort = Number(process.env.E2E_PORT ?? 3310);
  const apiUrl = process.env.E2E_API_URL ?? `http://127.0.0.1:${apiPort}`;
  const frontendUrl = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${frontendPort}`;
  const webhookSecret = process.env.E2E_WEBHOOK_SECRET ?? "e2e-webhook-secret-not-secret";
  const djangoEnv: Record<string, string> = {
    ...(process.env as Record<string, string>),
    DEBUG: process.env.DEBUG ?? "1",
    SECRET_KEY: process.env.SECRET_KEY ?? "e2e-only-not-secret",
    CORS_ALLOWED_ORIGINS: frontendUrl,
    // Its own cache keys: a Redis shared with another site (the test suite's) must not answer for this database.
    CACHE_KEY_PREFIX: process.env.E2E_CACHE_KEY_PREFIX ?? `e2e-${apiPort}`,
    // runserver serves each request on a new thread: a persistent connection per thread would pile up idle
    // (the admin's many requests reach PostgreSQL's max_connections), so close each one after its request.
    CONN_MAX_AGE: "0",
    // The tests are one client making many requests: lift the throttles (coupon tries included).
    THROTTLE_ANON: "100000/min",
    THROTTLE_USER: "100000/min",
    THROTTLE_COUPON_CART: "10000/min",
    THROTTLE_COUPON_IP: "10000/min",
    THROTTLE_LOGIN_IP: "10000/min",
    THROTTLE_LOGIN_ACCOUNT: "10000/min",
    THROTTLE_REGISTER: "10000/min",
    THROTTLE_PASSWORD_RESET_IP: "10000/min",
    THROTTLE_PASSWORD_RESET_ACCOUNT: "10000/min",
    // The editor flow (editor.spec.ts): the admin's Preview opens this frontend's /preview/, and publishing POSTs
    // the signed content.changed webhook to its /revalidate/ inside the publish request (eager Celery), so the
    // live page shows the change at once instead of after its 30 s cache.
    HEADLESS_PREVIEW_URL: `${frontendUrl}/preview/`,
    FRONTEND_REVALIDATE_URL: `${frontendUrl}/revalidate/`,
    WEBHOOK_SECRET: webhookSecret,
    CELERY_TASK_ALWAYS_EAGER: "1",
  };
  return { apiPort, frontendPort, apiUrl, frontendUrl, djangoEnv, webhookSecret };
}
