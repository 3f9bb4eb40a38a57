#!/usr/bin/env python3
"""Frontend bench: the headless storefront's server-rendered pages against Django's own, in one sitting.

Run by bench/run.sh after the read bench when frontend/ is there (FRONTEND=0 skips it). Builds the frontend
(`npm run build`, whose route table gives the JS each route ships on first load), serves it with `npm start`
against our gunicorn (same shape as the read bench), warms both (the API's response cache included), then loads
Django's `/` and `/products/` and right after each the frontend's same page, with wrk as for the reads.
Aims: frontend ≥ 0.5 x Django's req/s, TTFB p50 ≤ 2 x Django's, first-load JS ≤ 120 kB for `/` and
`/products/[slug]`. Writes frontend.md / frontend.json into --out. Stdlib only.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench as common

ROOT = common.ROOT
FRONTEND = os.path.join(ROOT, "frontend")
FRONTEND_PORT = os.environ.get("FRONTEND_HTTP_PORT", "28012")
FRONT = f"http://127.0.0.1:{FRONTEND_PORT}"
PAGES = ("/", "/products/")
# The build's route table names: `/` is the Wagtail catch-all, the unfiltered listing its cached twin.
ROUTES = ("/[[...path]]", "/products/[slug]", "/products", "/cached/products/[page]")


def first_load_js(build_output: str) -> dict[str, str]:
    """{route: first-load JS} from the route table `next build` prints (`○ /   1.2 kB   110 kB`)."""
    sizes = {}
    for line in build_output.splitlines():
        match = re.match(r"^[│├└┌\s]*[○ƒ●λ]\s+(\S+)\s+\S+\s+\S+\s+(\S+\s+\S+)\s*$", line)
        if match and match.group(1) in ROUTES:
            sizes[match.group(1)] = match.group(2)
    return sizes


def start_frontend() -> subprocess.Popen:
    env = dict(os.environ, PORT=FRONTEND_PORT, STOREFRONT_API_URL=common.APP, NODE_ENV="production")
    log = open(os.path.join(common.RUN_DIR, "frontend.log"), "a")  # noqa: SIM115 - lives with the server
    proc = subprocess.Popen(["npm", "start", "--prefix", FRONTEND], env=env, stdout=log, stderr=subprocess.STDOUT)
    return common.wait_ready(proc, FRONT + "/cart/", "frontend")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    common.log("== frontend: npm run build")
    build = subprocess.run(["npm", "run", "build", "--prefix", FRONTEND], capture_output=True, text=True, check=True)
    js = first_load_js(build.stdout)
    servers = [common.start_app()]
    results = {}
    try:
        servers.append(start_frontend())
        for page in PAGES:  # warm: the API's cache, the frontend's 30 s data cache, Django's page cache
            for base in (common.APP, FRONT):
                assert common.get(base + page)[0] == 200, (base, page)
        for page in PAGES:
            django = common.load(common.APP + page)
            front = common.load(FRONT + page)
            results[page] = {"django": django, "frontend": front}
            common.log(
                f"   {page:12s} django {django['rps']:8.1f} req/s p50 {django['p50_ms']:6.2f} ms | frontend "
                f"{front['rps']:8.1f} req/s p50 {front['p50_ms']:6.2f} ms -> {front['rps'] / django['rps']:.2f}"
            )
    finally:
        for proc in reversed(servers):
            common.stop(proc)
    lines = [
        f"# Frontend bench, {time.strftime('%F %T')}: wrk -t{common.THREADS} -c{common.CONNS} -d{common.DURATION}; "
        f"Django under gunicorn {' '.join(common.GUNICORN_FLAGS)}, the frontend under `npm start` (one Node process)",
        "",
        "| page | Django req/s | p50 ms | frontend req/s | p50 ms | req/s ratio (aim ≥ 0.5) | p50 ratio (aim ≤ 2) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for page, r in results.items():
        d, f = r["django"], r["frontend"]
        lines.append(
            f"| `{page}` | {d['rps']:.0f} | {d['p50_ms']:.2f} | {f['rps']:.0f} | {f['p50_ms']:.2f} | "
            f"{f['rps'] / d['rps']:.2f} | {f['p50_ms'] / d['p50_ms']:.1f} |"
        )
    lines += [
        "",
        "First-load JS per route (`next build`; aim ≤ 120 kB): " + ", ".join(f"`{k}` {v}" for k, v in js.items()),
    ]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "frontend.md"), "w") as f:
        f.write(text)
    with open(os.path.join(args.out, "frontend.json"), "w") as f:
        json.dump({"pages": results, "first_load_js": js}, f, indent=1)
    common.log(text)


if __name__ == "__main__":
    main()
