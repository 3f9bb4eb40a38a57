/** The Django site the storefront talks to, server side and in the browser. */
export const DEFAULT_API_URL = "http://127.0.0.1:8000";

const KEY = "STOREFRONT_API_URL";
const BROWSER_KEY = "STOREFRONT_BROWSER_API_URL";
const PHASE_KEY = "NEXT_PHASE";

/** The environment at run time, read by a computed key so the bundler does not inline the build machine's value.
 * In the browser this is the default until the root layout's <Providers apiUrl> points the SDK client at the
 * server's value (src/components/Providers.tsx). */
export function apiBaseUrl(): string {
  const fromEnv = typeof process !== "undefined" ? process.env[KEY] : undefined;
  return (fromEnv || DEFAULT_API_URL).replace(/\/+$/, "");
}

/** The Django site as the browser reaches it: STOREFRONT_BROWSER_API_URL where it differs from the server's
 * address (docker compose: the server asks http://web:8000, the browser http://localhost:8000), else the same. */
export function browserApiBaseUrl(): string {
  const fromEnv = typeof process !== "undefined" ? process.env[BROWSER_KEY] : undefined;
  return fromEnv ? fromEnv.replace(/\/+$/, "") : apiBaseUrl();
}

/** True inside `next build` (Next sets NEXT_PHASE for its build workers); read by a computed key like the above. */
export function isBuildPhase(): boolean {
  const phase = typeof process !== "undefined" ? process.env[PHASE_KEY] : undefined;
  return phase === "phase-production-build";
}
