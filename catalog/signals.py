"""Signals the catalog sends for the apps built on it (the catalog imports none of them)."""

from django.dispatch import Signal

# Sent by ``catalog.demo`` for each batch of demo products it creates, with ``levels``: [(product, quantity)], the
# stock each should start with. Stock is commerce's: its receiver writes the rows (``commerce.demo``).
demo_stock_planned = Signal()
