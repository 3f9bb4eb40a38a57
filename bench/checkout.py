#!/usr/bin/env python3
"""Checkout bench: 16 concurrent guests placing orders, paired with the ceiling's placement floor.

Run by bench/run.sh after the read bench (CHECKOUT=0 skips it). Carts are made beforehand (bench/carts.py: one line
each, spread over the products, stock raised so nothing is short); each wrk connection then POSTs
/api/v1/orders/ for a cart of its own with the cart id as Idempotency-Key (bench/orders.lua), right after the
ceiling's POST /raw/checkout (guarded decrement, order, line, ledger row in one transaction) is loaded the same
way. Afterwards the database must show one order per accepted request, none twice for a cart, no negative stock
and an order.created outbox event for every order. Stdlib only; writes checkout.md / checkout.json into --out.
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
ENV = os.environ
CARTS = int(ENV.get("CHECKOUT_CARTS", "8000"))  # per run; more than 16 guests place in DURATION here
CEILING_DB = f"postgres://bench@127.0.0.1:{ENV.get('BENCH_PG_PORT', '25442')}/bench"


def sql(url: str, query: str) -> str:
    out = subprocess.run(["psql", url, "-qtAc", query], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def wrk_script(url: str, script: str, duration: str, env: dict) -> dict:
    out = subprocess.run(
        ["wrk", "-t", common.THREADS, "-c", common.CONNS, "-d", duration, "--timeout", common.WRK_TIMEOUT,
         "--latency", "-s", script, url],
        capture_output=True, text=True, timeout=300, env=dict(ENV, **env),
    ).stdout  # fmt: skip
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    for pct in ("50", "99"):
        match = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M)
        result[f"p{pct}_ms"] = common.to_ms(match.group(1)) if match else None
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    result["non2xx"] = int(match.group(1)) if match else 0
    return result


def checks(since: str, accepted: int) -> dict:
    db = ENV["DATABASE_URL"]
    where = f"created_at >= '{since}'"
    orders = int(sql(db, f"SELECT count(*) FROM commerce_order WHERE {where}"))
    twice = int(sql(db, f"SELECT count(*) FROM (SELECT cart_id FROM commerce_order WHERE {where} "
                        "GROUP BY cart_id HAVING count(*) > 1) t"))  # fmt: skip
    negative = int(sql(db, "SELECT count(*) FROM commerce_stock WHERE quantity < 0"))
    no_event = int(sql(db, f"SELECT count(*) FROM commerce_order o WHERE o.{where} AND NOT EXISTS (SELECT 1 "
                           "FROM storefront_outboxevent e WHERE e.name = 'order.created' "
                           "AND e.payload->>'number' = o.number)"))  # fmt: skip
    return {"orders": orders, "accepted": accepted, "duplicates": twice, "oversold": negative, "lost_events": no_event}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--ceiling", required=True, help="a writable copy of the shared ceiling bench")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    warm_file, run_file = (os.path.join(common.RUN_DIR, f"carts-{name}.txt") for name in ("warm", "run"))
    common.log(f"== checkout: {CARTS} carts for the run (and as many for the warm-up)")
    subprocess.run([os.path.join(ROOT, ".venv", "bin", "python"), os.path.join(ROOT, "bench", "carts.py"),
                    str(CARTS), warm_file, run_file], check=True,
                   env={**common.app_env(), "DJANGO_SETTINGS_MODULE": "storefront.settings"})  # fmt: skip
    sql(CEILING_DB, "UPDATE shop_product SET stock = 1000000")
    products = sql(CEILING_DB, "SELECT count(*) FROM shop_product")
    since = sql(ENV["DATABASE_URL"], "SELECT now()")
    servers = [common.start_ceiling(), common.start_app()]
    try:
        floor_script = os.path.join(args.ceiling, "checkout.lua")
        ceiling_url = f"http://127.0.0.1:{common.CEILING_PORT}"
        common.log("   ceiling POST /raw/checkout")
        wrk_script(ceiling_url, floor_script, common.WARMUP, {"PRODUCTS": products})
        floor = wrk_script(ceiling_url, floor_script, common.DURATION, {"PRODUCTS": products})
        common.log("   app POST /api/v1/orders/")
        warm = wrk_script(common.APP, os.path.join(ROOT, "bench", "orders.lua"), common.WARMUP,
                          {"CART_FILE": warm_file, "WRK_THREADS": common.THREADS})  # fmt: skip
        app = wrk_script(common.APP, os.path.join(ROOT, "bench", "orders.lua"), common.DURATION,
                         {"CART_FILE": run_file, "WRK_THREADS": common.THREADS})  # fmt: skip
    finally:
        for proc in servers:
            common.stop(proc)
    if app["requests"] > CARTS:
        common.log(f"   warning: {app['requests']} requests for {CARTS} carts: raise CHECKOUT_CARTS")
    accepted = warm["requests"] - warm["non2xx"] + app["requests"] - app["non2xx"]
    result = {"floor": floor, "app": app, "checks": checks(since, accepted), "stamp": time.strftime("%F %T")}
    ratio = app["rps"] / floor["rps"] if floor["rps"] else 0.0
    spread = app["p99_ms"] / app["p50_ms"] if app["p50_ms"] else 0.0
    text = "\n".join([
        f"# Checkout bench, {result['stamp']}: wrk -t{common.THREADS} -c{common.CONNS} -d{common.DURATION}, "
        f"gunicorn {' '.join(common.GUNICORN_FLAGS)}",
        "",
        "| side | endpoint | orders/s | p50 ms | p99 ms | non-2xx |",
        "|---|---|---:|---:|---:|---:|",
        f"| ceiling | `POST /raw/checkout` | {floor['rps']:.1f} | {floor['p50_ms']:.1f} | {floor['p99_ms']:.1f} "
        f"| {floor['non2xx']} |",
        f"| app | `POST /api/v1/orders/` | {app['rps']:.1f} | {app['p50_ms']:.1f} | {app['p99_ms']:.1f} "
        f"| {app['non2xx']} |",
        "",
        f"placement / floor: **{ratio:.2f}** (aim ≥ 0.5); p99 / p50: **{spread:.1f}** (aim ≤ 4)",
        "",
        "checks: " + ", ".join(f"{k} {v}" for k, v in result["checks"].items()),
    ]) + "\n"  # fmt: skip
    with open(os.path.join(args.out, "checkout.md"), "w") as f:
        f.write(text)
    with open(os.path.join(args.out, "checkout.json"), "w") as f:
        json.dump(result, f, indent=1)
    common.log(text)
    c = result["checks"]
    # wrk stops with up to one request per connection in flight, which the server still completes: per run.
    in_flight = 2 * int(common.CONNS)
    if not c["accepted"] <= c["orders"] <= c["accepted"] + in_flight or c["duplicates"] or c["oversold"]:
        raise SystemExit("checkout checks failed: " + json.dumps(c))
    if c["lost_events"]:
        raise SystemExit("checkout checks failed: " + json.dumps(c))


if __name__ == "__main__":
    main()
