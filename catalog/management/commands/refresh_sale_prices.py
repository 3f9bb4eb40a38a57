"""manage.py refresh_sale_prices: store every product's sale price under the discounts active now.

Normally queued by discount changes and run by beat every five minutes; by hand after bulk SQL changes to
products or discounts. Safe to run at any time (one transaction, idempotent)."""

from django.core.management.base import BaseCommand

from catalog.pricing import refresh_sale_prices


class Command(BaseCommand):
    help = "Store every product's sale price under the discounts active now (listings filter and sort on it)."

    def handle(self, *args, **options):
        changed = refresh_sale_prices()
        self.stdout.write(f"{changed} product(s) changed sale price.")
