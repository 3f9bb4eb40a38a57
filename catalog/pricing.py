"""The catalog's single pricing function. Everything that shows or charges a price goes through here:
the catalog API and pages, carts, orders. Discounts (``catalog.models.Discount``) extend it, in this module only.

The rule: a product's sale price is its price after the **best** active discount whose scope covers it (the
lowest resulting price; a tie goes to the higher ``priority``, then to the older discount). Two catalog
discounts never stack. A percentage takes ``to_cents(price * value / 100)`` off (the one rounding rule); a
fixed amount never takes a price below zero.

``price_products`` matches products against the active discounts in Python, from one snapshot per process:
loaded in a constant number of queries, reloaded when the catalog cache version changes (a discount, product,
category or brand was saved) and at the next moment a discount starts or ends, so a shown price changes to the
second. Another process's change reaches a snapshot only within CATALOG_CACHE_VERSION_CHECK seconds, so what
charges money (order placement) prices with ``fresh=True``: the discounts read from the database in its
transaction, by the same rule.

**The listing price** is ``Product.sale_price``, the same price stored (indexed: listings filter and sort on
it). Product services store it as an explicit step (``catalog.variants.summarize``); ``refresh_sale_prices``
rewrites it for the whole catalog, computed in SQL by ``sale_price_expression`` (the twin of ``best_price``).
It runs as a task after commit whenever a discount changes, at each discount's start and end (``catalog.tasks``
schedules those moments a few minutes ahead), and every few minutes from beat as the backstop. Between a
discount's start or end and that run (a worker's latency) listings order and filter on the previous prices;
shown and charged prices are exact throughout.
"""

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, DecimalField, F, Q, Value, When
from django.db.models.functions import Greatest, Least, Round
from django.utils import timezone

from storefront.money import ZERO, to_cents
from storefront.windows import in_window, not_over_q

PERCENTAGE = "percentage"
FIXED = "fixed"
PRICE_FIELD = DecimalField(max_digits=12, decimal_places=2)


@dataclass(frozen=True)
class AppliedDiscount:
    name: str
    kind: str  # "percentage" | "fixed"
    value: Decimal
    id: int | None = None


@dataclass(frozen=True)
class ProductPrice:
    price: Decimal
    sale_price: Decimal
    discount: AppliedDiscount | None = None


@dataclass(frozen=True)
class DiscountRule:
    """A discount as pricing uses it: its terms, and its scope as sets of ids (categories with descendants)."""

    id: int
    name: str
    kind: str
    value: Decimal
    priority: int
    product_ids: frozenset[int] = frozenset()
    brand_ids: frozenset[int] = frozenset()
    category_ids: frozenset[int] = frozenset()
    starts_at: datetime | None = None
    ends_at: datetime | None = None

    @property
    def whole_catalog(self) -> bool:
        return not (self.product_ids or self.brand_ids or self.category_ids)

    def covers(self, product) -> bool:
        return (
            self.whole_catalog
            or product.id in self.product_ids
            or product.brand_id in self.brand_ids
            or product.category_id in self.category_ids
        )

    def is_active_at(self, at: datetime) -> bool:
        return in_window(self.starts_at, self.ends_at, at)

    def sale_price(self, price: Decimal) -> Decimal:
        if self.kind == PERCENTAGE:
            return price - to_cents(price * self.value / 100)
        return max(price - self.value, ZERO)

    # --- the same in SQL ---

    def scope_q(self) -> Q | None:
        """The products this rule covers, as a filter (None: all of them)."""
        parts = []
        if self.product_ids:
            parts.append(Q(pk__in=sorted(self.product_ids)))
        if self.brand_ids:
            parts.append(Q(brand_id__in=sorted(self.brand_ids)))
        if self.category_ids:
            parts.append(Q(category_id__in=sorted(self.category_ids)))
        return reduce(or_, parts) if parts else None

    def sale_price_expression(self):
        price = F("from_price")
        if self.kind == PERCENTAGE:
            off = Round(price * Value(self.value, output_field=PRICE_FIELD) / Value(100), 2, output_field=PRICE_FIELD)
            return price - off
        return Greatest(price - Value(self.value, output_field=PRICE_FIELD), Value(ZERO, output_field=PRICE_FIELD))


@dataclass(frozen=True)
class DiscountSnapshot:
    """The discounts not yet over at ``loaded_at``; ``until`` is the next moment one starts or ends."""

    rules: tuple[DiscountRule, ...]
    loaded_at: datetime
    until: datetime | None

    def active(self, at: datetime) -> list[DiscountRule]:
        return [rule for rule in self.rules if rule.is_active_at(at)]

    def fresh_at(self, at: datetime) -> bool:
        if at < self.loaded_at or (self.until is not None and at >= self.until):
            return False
        return at - self.loaded_at < timedelta(seconds=_max_age())


logger = logging.getLogger(__name__)
# Without the cache (so without the catalog version), a snapshot is reused for this many seconds at most.
UNVERSIONED_MAX_AGE = 5.0
# (catalog cache version it was loaded under, snapshot): one tuple, so threads swap it atomically.
_snapshot: tuple[int | None, DiscountSnapshot | None] = (None, None)
_load_lock = threading.Lock()


def _max_age() -> float:
    # A backstop for changes that bypass model signals (raw SQL, queryset.update): never older than the cache TTL.
    return getattr(settings, "CATALOG_CACHE_TTL", 300)


def load_discounts(at: datetime) -> DiscountSnapshot:
    """Discounts that are live, switched on and not over at ``at``, with their scopes: at most five queries."""
    rules = load_rules(at)
    changes = price_changes(rules, after=at)
    return DiscountSnapshot(rules=rules, loaded_at=at, until=changes[0] if changes else None)


def price_changes(rules: Iterable[DiscountRule], *, after: datetime) -> list[datetime]:
    """The moments after ``after`` at which one of ``rules`` starts or ends, in order."""
    return sorted({moment for rule in rules for moment in (rule.starts_at, rule.ends_at) if moment and moment > after})


def load_rules(at: datetime) -> tuple[DiscountRule, ...]:
    """Discounts that are live, switched on and not over at ``at``, with their scopes: one query while there are
    none, at most five."""
    from catalog.models import Category, Discount

    discounts = list(
        Discount.objects.filter(live=True, is_active=True)
        .filter(not_over_q(at))
        .values("id", "name", "kind", "value", "priority", "starts_at", "ends_at")
    )
    if not discounts:
        return ()
    ids = [d["id"] for d in discounts]
    scope = {d["id"]: {"products": set(), "brands": set(), "categories": set()} for d in discounts}
    for discount_id, product_id in Discount.products.through.objects.filter(discount_id__in=ids).values_list(
        "discount_id", "product_id"
    ):
        scope[discount_id]["products"].add(product_id)
    for discount_id, brand_id in Discount.brands.through.objects.filter(discount_id__in=ids).values_list(
        "discount_id", "brand_id"
    ):
        scope[discount_id]["brands"].add(brand_id)
    scoped_paths = list(
        Discount.categories.through.objects.filter(discount_id__in=ids).values_list("discount_id", "category__path")
    )
    if scoped_paths:
        # Descendants by materialized path, for all scoped categories in one query.
        prefixes = {path for _, path in scoped_paths}
        tree = Category.objects.filter(reduce(or_, (Q(path__startswith=p) for p in prefixes))).values_list("id", "path")
        tree = list(tree)
        for discount_id, prefix in scoped_paths:
            scope[discount_id]["categories"].update(cid for cid, path in tree if path.startswith(prefix))

    return tuple(
        DiscountRule(
            id=d["id"],
            name=d["name"],
            kind=d["kind"],
            value=Decimal(d["value"]),
            priority=d["priority"],
            product_ids=frozenset(scope[d["id"]]["products"]),
            brand_ids=frozenset(scope[d["id"]]["brands"]),
            category_ids=frozenset(scope[d["id"]]["categories"]),
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
        )
        for d in discounts
    )


def _current_snapshot(now: datetime) -> DiscountSnapshot:
    """This process's snapshot, reloaded when the catalog version moved or a discount started or ended."""
    global _snapshot
    from catalog.version import seen_catalog_version

    try:
        version = seen_catalog_version()  # read before loading: a change during the load means a reload next time
    except Exception:  # the cache is down: prices must still work (carts, checkout); trust a snapshot briefly
        logger.warning("catalog version unavailable; discount snapshot kept for %ss at most", UNVERSIONED_MAX_AGE)
        version = None
    seen, snapshot = _snapshot
    if _usable(snapshot, seen, version, now):
        return snapshot
    with _load_lock:  # one load per process at a time; the others wait for it instead of repeating it
        seen, snapshot = _snapshot
        if _usable(snapshot, seen, version, now):
            return snapshot
        snapshot = load_discounts(now)
        _snapshot = (version, snapshot)
        return snapshot


def _usable(snapshot: DiscountSnapshot | None, seen: int | None, version: int | None, now: datetime) -> bool:
    if snapshot is None or seen != version or not snapshot.fresh_at(now):
        return False
    return version is not None or now - snapshot.loaded_at < timedelta(seconds=UNVERSIONED_MAX_AGE)


def forget_discounts() -> None:
    """Drop this process's snapshot (tests; changes made behind the model signals' back)."""
    global _snapshot
    _snapshot = (None, None)


def active_rules(*, at: datetime | None = None, fresh: bool = False) -> list[DiscountRule]:
    """The discounts pricing products at ``at`` (default now). An explicit moment, or ``fresh``, is read from the
    database (in the caller's transaction), not from this process's snapshot: what charges money must not use a
    discount another process changed within the last CATALOG_CACHE_VERSION_CHECK seconds."""
    if at is not None or fresh:
        at = at or timezone.now()
        return [rule for rule in load_rules(at) if rule.is_active_at(at)]
    now = timezone.now()
    return _current_snapshot(now).active(now)


def next_price_change() -> datetime | None:
    """The next moment a discount starts or ends after now: prices change by themselves then (cache lifetimes)."""
    now = timezone.now()
    return _current_snapshot(now).until


def best_price(price: Decimal, product, rules: Iterable[DiscountRule]) -> ProductPrice:
    """``price`` after the best of ``rules`` covering ``product``: lowest price, then higher priority, then lower id."""
    price = to_cents(price)
    best = None
    for rule in rules:
        if not rule.covers(product):
            continue
        candidate = (rule.sale_price(price), -rule.priority, rule.id, rule)
        if best is None or candidate[:3] < best[:3]:
            best = candidate
    if best is None or best[0] >= price:
        return ProductPrice(price=price, sale_price=price)
    rule = best[3]
    return ProductPrice(
        price=price,
        sale_price=to_cents(best[0]),
        discount=AppliedDiscount(name=rule.name, kind=rule.kind, value=rule.value, id=rule.id),
    )


def price_products(products: Iterable, *, at: datetime | None = None, fresh: bool = False) -> dict[int, ProductPrice]:
    """Summary prices of many products at ``at`` (default now): from their ``from_price`` (the lowest variant
    price, see ``catalog.variants``), in a constant number of queries (none once the active discounts are loaded).
    Reads only ``id``, ``from_price``, ``brand_id`` and ``category_id`` of each product.
    ``fresh``: from the discounts in the database now (order placement), not this process's snapshot."""
    products = list(products)
    rules = active_rules(at=at, fresh=fresh) if products else []
    return {p.id: best_price(p.from_price, p, rules) for p in products}


def price_variants(variants: Iterable, *, at: datetime | None = None, fresh: bool = False) -> dict[int, ProductPrice]:
    """Prices of variants (what carts and orders charge): each at its own price or its product's, after the best
    discount covering its product (discounts scope products, brands and categories, so every variant of a product
    gets the same one). Reads ``variant.product``: select it with the variants."""
    variants = list(variants)
    rules = active_rules(at=at, fresh=fresh) if variants else []
    return {v.id: best_price(v.unit_price(v.product), v.product, rules) for v in variants}


def price_product(product, *, at: datetime | None = None, fresh: bool = False) -> ProductPrice:
    return price_products([product], at=at, fresh=fresh)[product.id]


def sale_price_expression(rules: Iterable[DiscountRule]):
    """The sale price in SQL for ``rules``: the least of the price and each covering rule's price."""
    candidates = []
    for rule in rules:
        scope = rule.scope_q()
        expression = rule.sale_price_expression()
        if scope is not None:
            expression = Case(When(scope, then=expression), default=F("from_price"), output_field=PRICE_FIELD)
        candidates.append(expression)
    if not candidates:
        return F("from_price")
    return Least(F("from_price"), *candidates, output_field=PRICE_FIELD)


# --- the stored sale prices ---------------------------------------------------------------------------

# A PostgreSQL advisory lock key: product saves hold it shared, a full refresh exclusively, so a save that
# read the old discounts cannot commit its price after a refresh that already used the new ones.
_PRICES_LOCK = 0x5A1E_9121


def _lock_prices(*, shared: bool) -> None:
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return  # SQLite serializes writers by itself; outside a transaction the lock would end at once
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [_PRICES_LOCK])


def stored_sale_price(product) -> Decimal:
    """What to store as ``product.sale_price`` (its ``from_price`` must be current), under the discounts
    active now, read from the database (not this process's snapshot, which may be a second old)."""
    _lock_prices(shared=True)
    now = timezone.now()
    return best_price(product.from_price, product, load_discounts(now).active(now)).sale_price


def refresh_sale_prices() -> int:
    """Store every product's sale price under the discounts active now, in one statement; returns how many
    products changed price. Idempotent."""
    from catalog.models import Product
    from catalog.version import invalidate_catalog

    with transaction.atomic():
        _lock_prices(shared=False)
        now = timezone.now()
        rules = load_discounts(now).active(now)
        expression = sale_price_expression(rules)
        changed = Product.objects.exclude(sale_price=expression).update(sale_price=expression)
        if changed:
            invalidate_catalog()  # cached listings were ordered and filtered on the old prices
    logger.info("sale prices refreshed", extra={"changed": changed, "discounts": len(rules)})
    return changed


def upcoming_price_changes(*, within: float) -> list[datetime]:
    """The moments in the next ``within`` seconds at which a discount starts or ends (a refresh is due then)."""
    now = timezone.now()
    horizon = now + timedelta(seconds=within)
    return [moment for moment in price_changes(load_rules(now), after=now) if moment <= horizon]


def request_refresh() -> None:
    """Queue ``refresh_sale_prices`` after the caller's commit. Never raises: the periodic task refreshes
    anyway, within CELERY_BEAT_SCHEDULE's interval."""
    from catalog.tasks import refresh_sale_prices as task

    def queue():
        try:
            task.delay()
        except Exception:
            logger.warning("could not queue a sale price refresh", exc_info=True)

    transaction.on_commit(queue)


# --- admin preview --------------------------------------------------------------------------------


def rule_for(discount) -> DiscountRule:
    """A (possibly unsaved, draft) ``Discount`` as a rule; its scope is read from the in-memory relations."""
    from catalog.models import Category

    paths = [category.path for category in discount.categories.all()]
    category_ids = set()
    if paths:
        tree = Category.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths))).values_list("id", flat=True)
        category_ids = set(tree)
    return DiscountRule(
        id=discount.pk or 0,
        name=discount.name,
        kind=discount.kind,
        value=Decimal(discount.value or 0),
        priority=discount.priority or 0,
        product_ids=frozenset(p.pk for p in discount.products.all()),
        brand_ids=frozenset(b.pk for b in discount.brands.all()),
        category_ids=frozenset(category_ids),
        starts_at=discount.starts_at,
        ends_at=discount.ends_at,
    )


def preview_discount(discount, *, limit: int = 24) -> dict:
    """What ``discount`` would do: a sample of the products it covers, priced by it alone and as priced today."""
    from catalog.models import Product

    rule = rule_for(discount)
    scope = rule.scope_q()
    products = Product.objects.visible().select_related("brand", "category").defer("description")
    if scope is not None:
        products = products.filter(scope)
    covered = products.count()
    sample = list(products.order_by("name", "id")[:limit])
    today = price_products(sample)
    rows = [
        {
            "product": product,
            "price": today[product.id].price,
            "with_this": best_price(product.from_price, product, [rule]).sale_price,
            "today": today[product.id].sale_price,
            "today_discount": today[product.id].discount,
        }
        for product in sample
    ]
    return {"rule": rule, "covered": covered, "rows": rows}
