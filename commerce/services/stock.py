"""Stock levels and their ledger, per variant. Every change of a quantity goes through this module and writes
one ``StockMovement``; decrements are guarded updates, so the CHECK constraint is a backstop, not the rule."""

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalog.models import ProductVariant
from catalog.variants import set_variant_in_stock
from commerce.models import Order, Stock, StockMovement
from storefront.errors import Conflict, InvalidInput
from storefront.events import publish

logger = logging.getLogger(__name__)

OUT_OF_STOCK = "out_of_stock"
Reason = StockMovement.Reason
# Stock.quantity and low_stock_threshold are integer columns: the range that is safe in every database Django supports.
QUANTITY_COLUMN_MAX = 2_147_483_647


@dataclass(frozen=True)
class StockLine:
    """Units of one variant to take or return; ``attr`` is where an out_of_stock error points (``items.0.quantity``)."""

    variant_id: int
    quantity: int
    attr: str | None = None


def ensure_stock(*, variant: ProductVariant) -> Stock:
    """The variant's stock row, created at zero if missing (safe under concurrent callers)."""
    stock, _ = Stock.objects.get_or_create(variant=variant)
    return stock


@transaction.atomic
def take_stock(*, order: Order, lines: Iterable[StockLine]) -> list[StockMovement]:
    """Take every line's units off the shelf for ``order``, all or nothing.

    Each line is one guarded ``UPDATE ... SET quantity = quantity - n WHERE quantity >= n``, so two buyers
    can never both get the last unit. Lines are processed in variant-id order, so transactions holding
    the same variants lock them in the same order and never deadlock. Raises Conflict(out_of_stock,
    attr=line.attr) for the first line that cannot be served; the caller's transaction then rolls back.
    """
    lines = sorted(lines, key=lambda line: line.variant_id)
    for line in lines:
        taken = Stock.objects.filter(variant_id=line.variant_id, quantity__gte=line.quantity).update(
            quantity=F("quantity") - line.quantity, updated_at=timezone.now()
        )
        if not taken:
            raise _out_of_stock(variant_id=line.variant_id, attr=line.attr)
    taken = Counter()
    for line in lines:  # one ledger row per variant, for all its lines
        taken[line.variant_id] -= line.quantity
    return _record_all(dict(taken), reason=Reason.SALE, order=order)


@transaction.atomic
def return_stock(*, order: Order, lines: Iterable[StockLine], reason: str) -> list[StockMovement]:
    """Put an order's units back (cancellation, refund before shipment), in variant-id order, one movement each."""
    movements = []
    for line in sorted(lines, key=lambda line: line.variant_id):
        Stock.objects.get_or_create(variant_id=line.variant_id)
        Stock.objects.filter(variant_id=line.variant_id).update(
            quantity=F("quantity") + line.quantity, updated_at=timezone.now()
        )
        movements.append(_record(variant_id=line.variant_id, delta=line.quantity, reason=reason, order=order))
    return movements


@transaction.atomic
def adjust_stock(
    *, variant: ProductVariant, delta: int, reason: str = Reason.ADJUSTMENT, user=None, note: str = ""
) -> Stock:
    """Add (or, with a negative delta, remove) units by hand and record why.

    Raises InvalidInput for a zero delta or a reason that is not for manual use, InvalidInput(attr="delta") when
    the quantity would outgrow its column (QUANTITY_COLUMN_MAX), and Conflict(out_of_stock) when it would drop below
    zero; then nothing changes. Both limits are guards of the one UPDATE, so concurrent adjustments cannot pass them.
    """
    if delta == 0:
        raise InvalidInput("The change must not be zero.", code="invalid", attr="delta")
    if abs(delta) > QUANTITY_COLUMN_MAX:  # beyond any quantity: no SQL parameter that large
        raise InvalidInput(
            f"A change is at most {QUANTITY_COLUMN_MAX} units either way.", code="max_value", attr="delta"
        )
    if reason not in StockMovement.MANUAL_REASONS:
        raise InvalidInput(f"Choose one of: {', '.join(StockMovement.MANUAL_REASONS)}.", code="invalid", attr="reason")
    ensure_stock(variant=variant)
    # Guarded: never below zero, never beyond the column.
    guard = {"quantity__gte": -delta} if delta < 0 else {"quantity__lte": QUANTITY_COLUMN_MAX - delta}
    if not Stock.objects.filter(variant=variant, **guard).update(
        quantity=F("quantity") + delta, updated_at=timezone.now()
    ):
        if delta > 0:
            raise InvalidInput(f"Stock cannot exceed {QUANTITY_COLUMN_MAX} units.", code="max_value", attr="delta")
        raise _out_of_stock(variant_id=variant.id, attr="delta")
    _record(variant_id=variant.id, delta=delta, reason=reason, user=user, note=note)
    return Stock.objects.select_related("variant__product").get(variant=variant)


@transaction.atomic
def set_stock_level(
    *,
    variant: ProductVariant,
    quantity: int | None = None,
    low_stock_threshold: int | None = None,
    user=None,
    note: str = "",
) -> Stock:
    """Set the absolute quantity and/or the low-stock threshold (a stock count, an edit in the admin).

    A changed quantity writes one adjustment movement with the difference, computed under the row lock,
    so a sale running at the same moment is never lost from the ledger. Raises InvalidInput for negatives and for
    values beyond the columns' range (QUANTITY_COLUMN_MAX).
    """
    if quantity is not None and quantity < 0:
        raise InvalidInput("Quantity cannot be negative.", code="min_value", attr="quantity")
    if low_stock_threshold is not None and low_stock_threshold < 0:
        raise InvalidInput("The threshold cannot be negative.", code="min_value", attr="low_stock_threshold")
    for name, value in (("quantity", quantity), ("low_stock_threshold", low_stock_threshold)):
        if value is not None and value > QUANTITY_COLUMN_MAX:
            raise InvalidInput(f"At most {QUANTITY_COLUMN_MAX}.", code="max_value", attr=name)
    ensure_stock(variant=variant)
    stock = Stock.objects.select_for_update().get(variant=variant)
    if low_stock_threshold is not None and low_stock_threshold != stock.low_stock_threshold:
        stock.low_stock_threshold = low_stock_threshold
        stock.save(update_fields=["low_stock_threshold", "updated_at"])
    if quantity is not None and quantity != stock.quantity:
        delta = quantity - stock.quantity
        Stock.objects.filter(pk=stock.pk).update(quantity=quantity, updated_at=timezone.now())
        _record(variant_id=variant.id, delta=delta, reason=Reason.ADJUSTMENT, user=user, note=note)
    else:
        _update_low_alert(stock=stock)
    return Stock.objects.select_related("variant__product").get(pk=stock.pk)


def _record(*, variant_id: int, delta: int, reason: str, order=None, user=None, note: str = "") -> StockMovement:
    return _record_all({variant_id: delta}, reason=reason, order=order, user=user, note=note)[0]


def _record_all(deltas: dict[int, int], *, reason: str, order=None, user=None, note: str = "") -> list[StockMovement]:
    """Write the ledger rows for changes already applied (``{variant id: delta}``; our transaction holds the row
    locks), in one read and one insert, and react to the crossings they caused: in stock <-> out of stock, and into
    the low-stock zone."""
    stocks = Stock.objects.select_related("variant").in_bulk(deltas, field_name="variant_id")
    movements = StockMovement.objects.bulk_create(
        StockMovement(
            variant_id=variant_id,
            delta=delta,
            quantity_after=stocks[variant_id].quantity,
            reason=reason,
            order=order,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            note=note[:200],
        )
        for variant_id, delta in deltas.items()
    )
    # Products' summaries are locked after every stock row, in product-id order: the same order in every transaction.
    for variant_id, delta in sorted(deltas.items(), key=lambda item: (stocks[item[0]].variant.product_id, item[0])):
        stock = stocks[variant_id]
        if (stock.quantity - delta > 0) != (stock.quantity > 0):
            set_variant_in_stock(variant_id=variant_id, in_stock=stock.quantity > 0)
        _update_low_alert(stock=stock)
    return movements


def _update_low_alert(*, stock: Stock) -> None:
    """Publish stock.low once when the stock enters the low zone; re-arm once it is above the threshold again."""
    if stock.is_low and not stock.low_alerted:
        Stock.objects.filter(pk=stock.pk).update(low_alerted=True)
        stock.low_alerted = True
        variant = ProductVariant.objects.select_related("product").get(id=stock.variant_id)
        publish(
            "stock.low",
            {
                "product_id": variant.product_id,
                "slug": variant.product.slug,
                "sku": variant.sku,
                "options": variant.options,
                "name": variant.product.name,
                "quantity": stock.quantity,
                "low_stock_threshold": stock.low_stock_threshold,
            },
        )
    elif not stock.is_low and stock.low_alerted:
        Stock.objects.filter(pk=stock.pk).update(low_alerted=False)
        stock.low_alerted = False


def _out_of_stock(*, variant_id: int, attr: str | None) -> Conflict:
    row = Stock.objects.filter(variant_id=variant_id).values_list("quantity", "variant__sku").first()
    if row is None:
        sku = ProductVariant.objects.filter(id=variant_id).values_list("sku", flat=True).first() or str(variant_id)
        row = (0, sku)
    left, sku = row
    detail = f"Only {left} left of {sku}." if left else f"{sku} is out of stock."
    return Conflict(detail, code=OUT_OF_STOCK, attr=attr)
