"""Bench-only settings: the production settings plus a URLconf that also exposes the catalog views
without the anonymous response cache, so one server measures both the cache hits and the work behind them."""

from storefront.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
