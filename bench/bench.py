#!/usr/bin/env python3
"""Load-test the catalog API against gunicorn on loopback and compare it with the machine's ceiling.

Run by bench/run.sh (which starts PostgreSQL/Redis, seeds, and stops everything afterwards). Both apps run
under the same gunicorn shape (2 sync workers): the ceiling app (/hello, /raw/products, /drf/products,
/cached/products, /cachedbytes/products) and ours (list, filter, search and detail through the uncached bench
routes, the anonymous product list and detail as served from the response cache). Per repeat, each of our
endpoints is loaded right after the ceiling endpoint it is compared with (PAIRED=1, the default), so each
ratio divides two figures taken seconds apart; PAIRED=0 runs the ceiling's own bench.py first, then ours.
Prints req/s, latency and the ratios the issue asks for; writes summary.md / summary.json into --out.
Stdlib only. Every load run is bounded (wrk -d) and targets 127.0.0.1 only.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = os.environ
RUN_DIR = ENV.get("RUN_DIR", "/tmp/sf-bench-run")
APP_PORT = ENV.get("APP_HTTP_PORT", "28011")
APP = f"http://127.0.0.1:{APP_PORT}"
DURATION = ENV.get("DURATION", "10s")
WARMUP = ENV.get("WARMUP", "2s")
THREADS = ENV.get("WRK_THREADS", "2")
CONNS = ENV.get("WRK_CONNS", "16")
# wrk's default 2 s timeout turns a slow endpoint into "0 latency, N timeouts"; this keeps its latencies.
WRK_TIMEOUT = ENV.get("WRK_TIMEOUT", "10s")
CEILING_ENDPOINTS = "/hello /raw/products /drf/products /cached/products /cachedbytes/products"
GUNICORN_FLAGS = ["-w", "2", "-k", "sync"]  # the ceiling's "sync-w2": same server shape on both sides
CEILING_PORT = ENV.get("BENCH_HTTP_PORT", "28010")
# PAIRED=0: the ceiling's own bench.py for all its endpoints, then ours (minutes apart).
PAIRED = ENV.get("PAIRED", "1") != "0"


def log(*args):
    print(*args, flush=True)


def get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def to_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)$", text).groups()
    return float(value) / 1000 if unit == "us" else float(value) * 1000 if unit == "s" else float(value)


def wrk(url: str, duration: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t", THREADS, "-c", CONNS, "-d", duration, "--timeout", WRK_TIMEOUT, "--latency", url],
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    result = {"raw": out}
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    result["rps"] = float(match.group(1)) if match else 0.0
    for pct in ("50", "90", "99"):
        match = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M)
        result[f"p{pct}_ms"] = to_ms(match.group(1)) if match else None
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    result["non2xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors:(.*)", out)
    result["socket_errors"] = match.group(1).strip() if match else ""
    return result


# --- the ceiling --------------------------------------------------------------------------------------


def run_ceiling(ceiling_dir: str, out_dir: str, rep: int) -> dict[str, dict]:
    results_dir = os.path.join(out_dir, f"ceiling-{rep}")
    env = dict(
        ENV,
        CONFIGS="sync-w2",
        ENDPOINTS=ENV.get("CEILING_ENDPOINTS", CEILING_ENDPOINTS),
        REPEATS="1",
        RESULTS_DIR=results_dir,
        DURATION=DURATION,
        WARMUP=WARMUP,
        WRK_THREADS=THREADS,
        WRK_CONNS=CONNS,
    )
    subprocess.run([sys.executable, os.path.join(ceiling_dir, "bench.py")], env=env, check=True)
    [name] = [f for f in os.listdir(results_dir) if f.endswith(".json")]
    with open(os.path.join(results_dir, name)) as f:
        data = json.load(f)
    return {r["endpoint"]: {k: r[k] for k in ("rps", "p50_ms", "p99_ms", "non2xx")} for r in data["results"]}


def start_gunicorn(name: str, venv: str, app: str, chdir: str, port: str, env: dict, ready_path: str):
    """gunicorn for ``app`` on 127.0.0.1:``port``, the same command for both sides; returns once it answers."""
    cmd = [
        os.path.join(venv, "bin", "gunicorn"),
        app,
        "--chdir",
        chdir,
        "-b",
        f"127.0.0.1:{port}",
        "--pid",
        os.path.join(RUN_DIR, f"{name}-gunicorn.pid"),
        "--log-level",
        "warning",
        "--backlog",
        "2048",
        *GUNICORN_FLAGS,
    ]
    log_file = open(os.path.join(RUN_DIR, f"{name}-gunicorn.log"), "a")  # noqa: SIM115 - lives with the server
    proc = subprocess.Popen(cmd, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    return wait_ready(proc, f"http://127.0.0.1:{port}{ready_path}", name)


def start_ceiling() -> subprocess.Popen:
    """The ceiling app under the gunicorn command its own bench.py uses for config sync-w2."""
    env = dict(ENV, DJANGO_SETTINGS_MODULE="ceiling.settings")
    return start_gunicorn("ceiling", ENV["VENV"], "ceiling.wsgi:application", ENV["PROJ"], CEILING_PORT, env, "/hello")


# --- the app ------------------------------------------------------------------------------------------


def app_env() -> dict:
    return dict(
        ENV,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=ENV.get("SECRET_KEY", "bench-only-secret-key-not-for-production"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_PROXY_SSL_HEADER="0",
        CONN_MAX_AGE=ENV.get("CONN_MAX_AGE", "600"),
        LOG_LEVEL="WARNING",
        # wrk is one client hammering from one address; the per-IP limit would turn the run into 429s.
        THROTTLE_ANON="1000000000/min",
        THROTTLE_USER="1000000000/min",
    )


def start_app() -> subprocess.Popen:
    venv = os.path.join(ROOT, ".venv")
    return start_gunicorn("app", venv, "storefront.wsgi:application", ROOT, APP_PORT, app_env(), "/health/")


def wait_ready(proc: subprocess.Popen, url: str, name: str) -> subprocess.Popen:
    for _ in range(150):
        try:
            if get(url, timeout=1)[0] == 200:
                return proc
        except OSError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    stop(proc)
    raise SystemExit(f"the {name}'s gunicorn did not become ready; see {RUN_DIR}/{name}-gunicorn.log")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()  # SIGTERM to the master we started; it stops its workers
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def app_endpoints(search_word: str) -> dict[str, str]:
    """Resolve the concrete URLs (a top-level category, a product slug) and check every endpoint answers."""
    status, body = get(APP + "/api/v1/categories/?page_size=100")
    assert status == 200, (status, body[:300])
    top = next(c["slug"] for c in json.loads(body)["results"] if c["parent"] is None)
    status, body = get(APP + "/api/v1/products/")
    assert status == 200, (status, body[:300])
    slug = json.loads(body)["results"][0]["slug"]
    query = urllib.parse.urlencode({"category": top, "min_price": 10, "ordering": "-price"})
    status, body = get(APP + "/api/v2/pages/?type=home.HomePage")
    assert status == 200, (status, body[:300])
    home_id = json.loads(body)["items"][0]["id"]
    endpoints = {
        "list": "/bench/products/",
        "filter": f"/bench/products/?{query}",
        "search": f"/bench/products/?search={urllib.parse.quote(search_word)}",
        "detail": f"/bench/products/{slug}/",
        "cached list": "/api/v1/products/",
        "cached detail": f"/api/v1/products/{slug}/",
        # The content API, answered from the same response cache for anonymous callers.
        "home page": f"/api/v2/pages/{home_id}/",
        "find home": "/api/v2/pages/find/?html_path=/&redirect=false",
        "cms navigation": "/api/v1/cms/navigation/",
        "cms banners": "/api/v1/cms/banners/",
        # Outside the response cache (bench/urls.py): what the first read after a publish costs.
        "home page miss": f"/bench/v2/pages/{home_id}/",
        # The shop's own pages, as a cookie-less visitor (wrk sends no cookies) gets them from the cache.
        "html home": "/",
        "html products": "/products/",
    }
    for name, path in endpoints.items():
        status, body = get(APP + path)
        assert status == 200, (name, path, status, body[:300])
        count = json.loads(body).get("count", "-") if path.startswith(("/api/", "/bench/")) else "-"
        log(f"   {name:14s} {path}  -> {len(body)} bytes, count={count}")
    # The bench routes must serve exactly what the public API serves (page links aside: their path differs).
    bench, public = (json.loads(get(APP + path)[1]) for path in ("/bench/products/", "/api/v1/products/"))
    assert (bench["count"], bench["results"]) == (public["count"], public["results"]), "bench route differs"
    return endpoints


def run_app(endpoints: dict[str, str]) -> dict[str, dict]:
    proc = start_app()
    results = {}
    try:
        for name, path in endpoints.items():
            wrk(APP + path, WARMUP)  # connections, caches, the cached entry itself
            r = wrk(APP + path, DURATION)
            keep = ("rps", "p50_ms", "p99_ms", "non2xx", "socket_errors")
            results[name] = {k: r[k] for k in keep} | {"path": path}
            log(
                f"   {name:14s} {r['rps']:>9.1f} req/s  p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms"
                f"  non2xx={r['non2xx']} {r['socket_errors']}"
            )
    finally:
        stop(proc)
    return results


# Paired runs: each app endpoint is loaded right after the ceiling endpoint it is compared with, so a ratio
# divides two figures taken seconds apart (this machine's speed drifts within minutes).
PAIRS = [
    ("cached list", "/hello"),
    ("list", "/raw/products"),
    ("filter", "/raw/products"),
    ("search", "/raw/products"),
    ("detail", "/raw/products"),
    ("cached detail", "/hello"),
    ("home page", "/hello"),
    ("find home", "/hello"),
    ("cms navigation", "/hello"),
    ("cms banners", "/hello"),
    ("home page miss", "/raw/products"),
    ("html home", "/hello"),
    ("html products", "/hello"),
]
CEILING_ONLY = ["/cachedbytes/products", "/cached/products", "/drf/products"]
PAIRED_WITH = dict(PAIRS)


def load(url: str) -> dict:
    wrk(url, WARMUP)  # connections, caches, the cached entry itself
    r = wrk(url, DURATION)
    return {k: r[k] for k in ("rps", "p50_ms", "p99_ms", "non2xx", "socket_errors")}


def run_paired(endpoints: dict[str, str]) -> dict:
    """One repeat: every pair (ceiling endpoint, then app endpoint) and the ceiling's other endpoints."""
    ceiling_url = f"http://127.0.0.1:{CEILING_PORT}"
    ceiling, app, reference = {}, {}, {}
    servers = [start_ceiling(), start_app()]
    try:
        for name, ceiling_endpoint in PAIRS:
            ceiling[ceiling_endpoint] = load(ceiling_url + ceiling_endpoint)
            app[name] = load(APP + endpoints[name]) | {"path": endpoints[name]}
            reference[name] = ceiling[ceiling_endpoint]["rps"]
            ratio = app[name]["rps"] / reference[name] if reference[name] else 0.0
            log(
                f"   {name:14s} {app[name]['rps']:>8.1f} req/s  p50 {app[name]['p50_ms']:7.2f} ms  "
                f"| {ceiling_endpoint:14s} {reference[name]:>8.1f} req/s  -> {ratio:.2f}"
            )
        for endpoint in CEILING_ONLY:
            ceiling[endpoint] = load(ceiling_url + endpoint)
            log(f"   (ceiling) {endpoint:22s} {ceiling[endpoint]['rps']:>8.1f} req/s")
    finally:
        for proc in servers:
            stop(proc)
    return {"ceiling": ceiling, "app": app, "reference": reference}


# --- report -------------------------------------------------------------------------------------------

RATIOS = [  # (label, app endpoint, ceiling endpoint, aim)
    ("product list / raw", "list", "/raw/products", 0.7),
    ("filter / raw", "filter", "/raw/products", None),
    ("search / raw", "search", "/raw/products", None),
    ("detail / raw", "detail", "/raw/products", None),
    ("cached list / hello", "cached list", "/hello", 0.8),
    ("cached list / cachedbytes", "cached list", "/cachedbytes/products", None),
    ("home page / hello", "home page", "/hello", 0.8),
    ("find home / hello", "find home", "/hello", 0.8),
    ("cms navigation / hello", "cms navigation", "/hello", 0.8),
    ("cms banners / hello", "cms banners", "/hello", 0.8),
    ("home page miss / raw", "home page miss", "/raw/products", 0.3),
    ("html home / hello", "html home", "/hello", 0.8),
    ("html products / hello", "html products", "/hello", 0.8),
    ("(ceiling) drf / raw", None, "/drf/products", None),
]


def ratio_values(reps: list[dict]) -> dict[str, list[float]]:
    values = {}
    for label, app_ep, ceil_ep, _ in RATIOS:
        series = []
        for rep in reps:
            ceiling, app = rep["ceiling"], rep["app"]
            if ceil_ep not in ceiling:
                continue
            numerator = app[app_ep]["rps"] if app_ep else ceiling[ceil_ep]["rps"]
            denominator = ceiling["/raw/products"]["rps"] if app_ep is None else ceiling[ceil_ep]["rps"]
            if app_ep and PAIRED_WITH.get(app_ep) == ceil_ep and app_ep in rep.get("reference", {}):
                denominator = rep["reference"][app_ep]  # the ceiling run right before this one
            series.append(numerator / denominator if denominator else 0.0)
        values[label] = series
    return values


def report(reps: list[dict], meta: dict, out_dir: str) -> str:
    med = statistics.median
    lines = [
        f"# Catalog bench: {meta['products']} products, {meta['stamp']}",
        "",
        f"gunicorn {' '.join(GUNICORN_FLAGS)} on 127.0.0.1 for both sides; wrk -t{THREADS} -c{CONNS} -d{DURATION} "
        f"after a {WARMUP} warm-up; {len(reps)} repeat(s), medians shown; {os.cpu_count()} CPUs shared by wrk, "
        "gunicorn, PostgreSQL and Redis.",
        "",
        "| side | endpoint | req/s | p50 ms | p99 ms | non-2xx | socket errors |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for side in ("ceiling", "app"):
        for name in reps[0][side]:
            rows = [rep[side][name] for rep in reps]
            label = f"{name} `{rows[0]['path']}`" if side == "app" else f"`{name}`"
            lines.append(
                f"| {side} | {label} | {med([r['rps'] for r in rows]):.0f} | {med([r['p50_ms'] for r in rows]):.2f} |"
                f" {med([r['p99_ms'] for r in rows]):.2f} | {sum(r['non2xx'] for r in rows)} |"
                f" {' '.join(r.get('socket_errors', '') for r in rows).strip()} |"
            )
    lines += ["", "| ratio (same sitting) | median | per repeat | aim |", "|---|---:|---|---|"]
    for label, _, _, aim in RATIOS:
        series = ratio_values(reps)[label]
        if series:
            lines.append(
                f"| {label} | {med(series):.2f} | {', '.join(f'{v:.2f}' for v in series)} |"
                f" {'≥ ' + str(aim) if aim else ''} |"
            )
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out_dir, "summary.md"), "w") as f:
        f.write(text)
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump({"meta": meta, "repeats": reps, "ratios": ratio_values(reps)}, f, indent=1)
    return text


def main() -> None:
    # A SIGTERM (run.sh's exit, a kill) unwinds like an error, so the gunicorns this script started are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--ceiling", required=True, help="a writable copy of the shared ceiling bench")
    parser.add_argument("--repeats", type=int, default=int(ENV.get("REPEATS", "1")))
    parser.add_argument("--search", default=ENV.get("SEARCH_WORD", "lamp"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(RUN_DIR, exist_ok=True)

    log("== resolving the app's endpoints")
    proc = start_app()
    try:
        endpoints = app_endpoints(args.search)
    finally:
        stop(proc)

    reps = []
    for rep in range(args.repeats):
        if PAIRED:
            log(f"== repeat {rep + 1}/{args.repeats}: paired runs, ceiling endpoint then app endpoint")
            reps.append(run_paired(endpoints))
            continue
        log(f"== repeat {rep + 1}/{args.repeats}: ceiling (sync-w2)")
        ceiling = run_ceiling(args.ceiling, args.out, rep)
        log(f"== repeat {rep + 1}/{args.repeats}: app ({args.products} products)")
        app = run_app(endpoints)
        reps.append({"ceiling": ceiling, "app": app})
    meta = {"products": args.products, "stamp": time.strftime("%Y-%m-%d %H:%M:%S"), "wrk": f"-t{THREADS} -c{CONNS}"}
    log("")
    log(report(reps, meta, args.out))


if __name__ == "__main__":
    main()
