"""Money is a Decimal in the store's currency, rounded to cents by this one rule, here and nowhere else."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(value) -> Decimal:
    """Round half up to whole cents: the single rounding rule for prices, discounts and totals."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def currency() -> str:
    return settings.STORE_CURRENCY
