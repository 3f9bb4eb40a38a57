"""The catalog's single pricing function. Everything that shows or charges a price goes through here:
the catalog API and pages, carts, orders. Promotions (discounts) extend it, in this module only.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import F, QuerySet

from storefront.money import to_cents


@dataclass(frozen=True)
class AppliedDiscount:
    name: str
    kind: str  # "percentage" | "fixed"
    value: Decimal


@dataclass(frozen=True)
class ProductPrice:
    price: Decimal
    sale_price: Decimal
    discount: AppliedDiscount | None = None


def price_products(products: Iterable, *, at: datetime | None = None) -> dict[int, ProductPrice]:
    """Prices of many products at ``at`` (default now), in a constant number of queries."""
    return {p.id: ProductPrice(price=to_cents(p.price), sale_price=to_cents(p.price)) for p in products}


def price_product(product, *, at: datetime | None = None) -> ProductPrice:
    return price_products([product], at=at)[product.id]


def with_sale_price(queryset: QuerySet, *, at: datetime | None = None) -> QuerySet:
    """Annotate ``sale_price`` in SQL, for filtering and ordering on it (min_price/max_price)."""
    return queryset.annotate(sale_price=F("price"))
