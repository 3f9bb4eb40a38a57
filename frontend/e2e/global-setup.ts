import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { e2eEnv, SCREENS_DIR } from "./env";

/** Empties e2e-screens/ (this run's step screenshots only), then migrates the database in DATABASE_URL and loads
 * the demo data (seed_demo is idempotent: reruns add nothing). */
export default function globalSetup() {
  rmSync(SCREENS_DIR, { recursive: true, force: true });
  if (process.env.E2E_SKIP_SEED === "1") return;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  const python = process.env.STOREFRONT_PYTHON ?? path.join(root, ".venv", "bin", "python");
  const { djangoEnv } = e2eEnv();
  for (const args of [["migrate", "--noinput", "-v", "0"], ["seed_demo"]]) {
    execFileSync(python, [path.join(root, "manage.py"), ...args], { env: djangoEnv as NodeJS.ProcessEnv, stdio: "inherit" });
  }
}
