"""manage.py seed_demo [--products N]: the one way to get demo data. Idempotent and deterministic.

Each app contributes a ``demo.py`` with ``seed(*, products: int, log)``; they run in dependency order.
"""

import importlib
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

SEEDERS = ["accounts.demo", "catalog.demo", "commerce.demo", "home.demo", "reports.demo"]


class Command(BaseCommand):
    help = "Create (or top up) deterministic demo data: users, catalog, stock, content, promotions, orders."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=200, help="How many demo products (default 200).")

    def handle(self, *args, products, **options):
        random.seed(2026)  # the same data on every machine
        for module_name in SEEDERS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            started = time.monotonic()
            with transaction.atomic():
                module.seed(products=products, log=self.stdout.write)
            self.stdout.write(f"{module_name}: done in {time.monotonic() - started:.1f}s")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
