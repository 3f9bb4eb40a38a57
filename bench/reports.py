#!/usr/bin/env python3
"""Time the report queries at 100k orders (issue 7: "a bound on report query time at 100k orders").

    .venv/bin/python bench/reports.py [--orders 100000] [--products 500] [--runs 5]

Uses its own PostgreSQL database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/sf_bench_reports;
created and migrated if missing, seeded once and reused while the order count matches). Seeds products with stock,
then ORDERS orders of 1-5 lines (~3 on average) in bulk, spread over 120 days in every status, then VACUUM ANALYZE.
Times, best of RUNS, each report as the API computes it: sales by day/week/month over 90 days, top products over
90 days, inventory; first all live (no snapshots: the worst case), then with the past days snapshotted.
Prints the timings and the figures. No server, no network beyond the local database.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit, urlunsplit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sf_bench_reports")


def ensure_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def setup_django() -> None:
    os.environ["DATABASE_URL"] = DB_URL
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("REDIS_URL", None)  # the reports need no cache; keep the bench off the shared Redis
    os.environ["DJANGO_SETTINGS_MODULE"] = "storefront.settings"
    sys.path.insert(0, ROOT)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(*, orders: int, products: int) -> None:
    from django.db import connection, transaction

    from catalog.models import Brand, Category, Product
    from commerce.models import Order, OrderLine, OrderStatus, Stock

    if Order.objects.count() == orders and Product.objects.count() >= products:
        print(f"seed: reusing {orders} orders")
        return
    started = time.monotonic()
    rng = random.Random(100_000)
    with transaction.atomic():
        with connection.cursor() as cursor:  # start over: empty the tables this bench fills
            cursor.execute(
                "TRUNCATE commerce_orderline, commerce_orderstatuschange, commerce_order, commerce_stock, "
                "commerce_stockmovement, reports_salesreport, reports_productreport, reports_inventoryreport CASCADE"
            )
        brand, _ = Brand.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
        category = Category.objects.filter(slug="bench").first() or Category.add_root(name="Bench", slug="bench")
        have = Product.objects.count()
        Product.objects.bulk_create(
            Product(
                name=f"Bench product {n}",
                slug=f"bench-{n}",
                sku=f"BENCH-{n:06d}",
                price=Decimal(rng.randrange(500, 30000)) / 100,
                brand=brand,
                category=category,
            )
            for n in range(have, products)
        )
        catalog = list(Product.objects.order_by("id").values_list("id", "slug", "sku", "name", "price"))
        Stock.objects.bulk_create(
            [
                Stock(product_id=pid, quantity=rng.choice([0, 2, 4, 20, 50, 200]), low_stock_threshold=5)
                for pid, *_ in catalog
            ]
        )
        statuses = [OrderStatus.DELIVERED] * 60 + [OrderStatus.SHIPPED] * 10 + [OrderStatus.PAID] * 10
        statuses += [OrderStatus.PENDING] * 8 + [OrderStatus.CANCELLED] * 7 + [OrderStatus.REFUNDED] * 5
        batch = 5000
        for first in range(0, orders, batch):
            chunk_orders, chunk_lines = [], []
            for n in range(first, min(first + batch, orders)):
                picked = rng.sample(catalog, k=rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]))
                quantities = [rng.choice([1, 1, 2, 3]) for _ in picked]
                subtotal = sum((p[4] * q for p, q in zip(picked, quantities, strict=True)), Decimal("0.00"))
                discount = (subtotal / 10).quantize(Decimal("0.01")) if n % 7 == 0 else Decimal("0.00")
                order = Order(
                    number=f"B{n:09d}",
                    email=f"bench{n % 5000}@example.com",
                    status=rng.choice(statuses),
                    subtotal=subtotal,
                    discount_total=discount,
                    shipping_total=Decimal("5.00"),
                    total=subtotal - discount + Decimal("5.00"),
                    currency="USD",
                    coupon_code="BENCH10" if discount else None,
                    source=rng.choice(["", "", "", "banner:1", "page:3"]),
                )
                chunk_orders.append(order)
                for product, quantity in zip(picked, quantities, strict=True):
                    chunk_lines.append(
                        OrderLine(
                            order=order,
                            product_id=product[0],
                            product_slug=product[1],
                            sku=product[2],
                            name=product[3],
                            unit_price=product[4],
                            quantity=quantity,
                            line_total=product[4] * quantity,
                        )
                    )
            Order.objects.bulk_create(chunk_orders)
            for line in chunk_lines:
                line.order_id = line.order.pk
            OrderLine.objects.bulk_create(chunk_lines)
        with connection.cursor() as cursor:
            # Spread the orders over the last 120 days, deterministically (auto_now_add set them to now).
            cursor.execute(
                "UPDATE commerce_order SET created_at = now() - (id % 120) * interval '1 day' "
                "- ((id * 7919) % 86400) * interval '1 second'"
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE commerce_order")
        cursor.execute("VACUUM ANALYZE commerce_orderline")
        cursor.execute("VACUUM ANALYZE commerce_stock")
    lines = OrderLine.objects.count()
    print(
        f"seed: {orders} orders, {lines} lines ({lines / orders:.2f} a order), {products} products "
        f"in {time.monotonic() - started:.0f}s"
    )


def best_of(runs: int, func) -> tuple[float, object, int]:
    from django.db import connection, reset_queries

    times, result, queries = [], None, 0
    for _ in range(runs):
        reset_queries()
        started = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - started) * 1000)
        queries = len(connection.queries)
    return min(times), result, queries


def timings(runs: int, label: str) -> list[tuple[str, float, int, str]]:
    from reports import periods, selectors

    end = periods.today()
    start = end - timedelta(days=89)
    rows = []
    for interval in ("day", "week", "month"):
        ms, report, queries = best_of(
            runs, lambda interval=interval: selectors.sales_report(start=start, end=end, interval=interval)
        )
        totals = report["totals"]
        rows.append(
            (
                f"sales {interval} (90 days, {len(report['rows'])} rows)",
                ms,
                queries,
                f"orders {totals['orders']}, items {totals['items']}, revenue {totals['revenue']}, "
                f"discounts {totals['discounts']}, AOV {totals['average_order_value']}",
            )
        )
    ms, top, queries = best_of(runs, lambda: selectors.top_products(start=start, end=end, limit=10))
    rows.append(
        (
            "top products (90 days, limit 10)",
            ms,
            queries,
            f"#1 {top[0]['slug']}: {top[0]['units_sold']} units, {top[0]['revenue']}",
        )
    )
    ms, inventory, queries = best_of(runs, selectors.inventory_report)
    rows.append(
        (
            "inventory",
            ms,
            queries,
            f"{inventory['total_units']} units, value {inventory['stock_value']}, "
            f"{len(inventory['low_stock'])} low, {len(inventory['out_of_stock'])} out",
        )
    )
    print(f"\n{label}")
    print(f"{'report':<40} {'best ms':>9} {'queries':>8}  figures")
    for name, ms, queries, figures in rows:
        print(f"{name:<40} {ms:>9.1f} {queries:>8}  {figures}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ensure_database(DB_URL)
    setup_django()
    seed(orders=args.orders, products=args.products)

    from reports import periods, services
    from reports.models import SalesReport

    SalesReport.objects.all().delete()
    live = timings(args.runs, "all live (no snapshots)")
    started = time.monotonic()
    today = periods.today()
    for back in range(1, 90):
        services.write_daily_snapshot(day=today - timedelta(days=back))
    print(f"\nsnapshots: 89 days written in {time.monotonic() - started:.1f}s")
    stored = timings(args.runs, "past days from snapshots, today live")
    for (name, _, _, live_figures), (_, _, _, stored_figures) in zip(live, stored, strict=True):
        if live_figures != stored_figures:
            print(f"MISMATCH {name}: live {live_figures} / stored {stored_figures}")


if __name__ == "__main__":
    main()
