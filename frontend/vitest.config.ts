import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": path.resolve(here, "src"), "server-only": path.resolve(here, "tests/unit/empty.ts") } },
  test: { include: ["tests/unit/**/*.test.ts"], environment: "node" },
});
