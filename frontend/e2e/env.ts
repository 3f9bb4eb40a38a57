/** Ports, URLs and the Django environment of the browser tests (shared by the config and the global setup). */
export function e2eEnv() {
  const apiPort = Number(process.env.E2E_API_PORT ?? 8310);
  const frontendPort = Number(process.env.E2E_PORT ?? 3310);
  const apiUrl = process.env.E2E_API_URL ?? `http://127.0.0.1:${apiPort}`;
  const frontendUrl = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${frontendPort}`;
  const djangoEnv: Record<string, string> = {
    ...(process.env as Record<string, string>),
    DEBUG: process.env.DEBUG ?? "1",
    SECRET_KEY: process.env.SECRET_KEY ?? "e2e-only-not-secret",
    CORS_ALLOWED_ORIGINS: frontendUrl,
    // Its own cache keys: a Redis shared with another site (the test suite's) must not answer for this database.
    CACHE_KEY_PREFIX: process.env.E2E_CACHE_KEY_PREFIX ?? `e2e-${apiPort}`,
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
  };
  return { apiPort, frontendPort, apiUrl, frontendUrl, djangoEnv };
}
