#!/usr/bin/env node
// `npm run sdk`: write openapi.json from the Django project (manage.py spectacular) and regenerate src/sdk/.
// `npm run sdk:check`: the same into a temp dir; fails when it differs from the committed openapi.json or src/sdk/.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
const python = process.env.STOREFRONT_PYTHON ?? path.join(root, "..", ".venv", "bin", "python");
const manage = path.join(root, "..", "manage.py");

function writeSchema(file) {
  // The schema does not depend on secrets or data; a throwaway key lets it run on a machine without .env.
  const env = { ...process.env, SECRET_KEY: process.env.SECRET_KEY || "sdk-schema-only", DEBUG: process.env.DEBUG || "1" };
  execFileSync(python, [manage, "spectacular", "--format", "openapi-json", "--file", file], { env, stdio: "inherit" });
}

async function generate(schemaFile, outDir) {
  const { createClient } = await import("@hey-api/openapi-ts");
  await createClient({
    input: schemaFile,
    output: { path: outDir, format: false, lint: false },
    logs: { level: "warn" },
    plugins: [
      { name: "@hey-api/client-next", runtimeConfigPath: "../lib/api-config" },
      "@hey-api/typescript",
      "@hey-api/sdk",
      "@tanstack/react-query",
    ],
  });
}

function listFiles(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
  });
}

function differences(expectedDir, actualDir) {
  const expected = new Set(listFiles(expectedDir));
  const actual = new Set(listFiles(actualDir));
  const out = [];
  for (const f of new Set([...expected, ...actual])) {
    if (!expected.has(f)) out.push(`only in committed: ${f}`);
    else if (!actual.has(f)) out.push(`missing from committed: ${f}`);
    else if (!readFileSync(path.join(expectedDir, f)).equals(readFileSync(path.join(actualDir, f)))) out.push(`differs: ${f}`);
  }
  return out;
}

const schemaFile = path.join(root, "openapi.json");
const sdkDir = path.join(root, "src", "sdk");

if (!check) {
  writeSchema(schemaFile);
  await generate(schemaFile, sdkDir);
  console.log(`wrote ${path.relative(process.cwd(), schemaFile)} and ${path.relative(process.cwd(), sdkDir)}/`);
} else {
  const tmp = mkdtempSync(path.join(tmpdir(), "sdk-check-"));
  try {
    const freshSchema = path.join(tmp, "openapi.json");
    writeSchema(freshSchema);
    // Generate beside the real src/ so the relative runtimeConfigPath resolves the same way.
    const freshSdk = path.join(tmp, "src", "sdk");
    cpSync(path.join(root, "src", "lib"), path.join(tmp, "src", "lib"), { recursive: true });
    await generate(freshSchema, freshSdk);
    const problems = [];
    if (!existsSync(schemaFile) || !readFileSync(schemaFile).equals(readFileSync(freshSchema))) {
      problems.push("differs: openapi.json");
    }
    problems.push(...differences(freshSdk, sdkDir).map((p) => `src/sdk: ${p}`));
    if (problems.length) {
      console.error("The committed SDK is out of date with the API schema; run `npm run sdk` and commit:");
      for (const p of problems) console.error(`  ${p}`);
      process.exit(1);
    }
    console.log("src/sdk and openapi.json match the API schema.");
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
