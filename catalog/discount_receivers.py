"""Discounts change prices: whenever one is saved, published, unpublished or deleted (API, admin, seeding), the
catalog cache version moves, so cached catalog answers and every process's discount snapshot are renewed, and
the stored sale prices are refreshed.

The version is bumped at once (this process and tests see the change straight away) and again after commit
(a reader that loaded the old discounts between the two, under the new version, does not keep them).
Deleting the last brand, category or product of a discount's scope would silently turn it into a
whole-catalog discount (an empty scope means "everything"): such a discount is switched off instead.
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from catalog.models import Brand, Category, Discount, Product
from catalog.pricing import request_refresh
from catalog.version import bump_catalog_version

logger = logging.getLogger(__name__)

SCOPES = {Product: "products", Brand: "brands", Category: "categories"}


def _bump_quietly() -> None:
    try:
        bump_catalog_version()
    except Exception:  # the cache is down: saving a discount still works; snapshots age out (catalog.pricing)
        logger.warning("could not bump the catalog version after a discount change", exc_info=True)


def prices_changed(sender=None, **kwargs) -> None:
    if kwargs.get("raw"):  # fixture loading
        return
    _bump_quietly()
    transaction.on_commit(_bump_quietly)
    request_refresh()  # the stored sale prices (listing filters and ordering) catch up after commit


post_save.connect(prices_changed, sender=Discount, dispatch_uid="catalog-discount-saved")
post_delete.connect(prices_changed, sender=Discount, dispatch_uid="catalog-discount-deleted")
for _field in ("products", "brands", "categories"):
    m2m_changed.connect(
        prices_changed, sender=getattr(Discount, _field).through, dispatch_uid=f"catalog-discount-{_field}"
    )


@receiver(pre_delete, sender=Product, dispatch_uid="catalog-discount-scope-product-deleted")
@receiver(pre_delete, sender=Brand, dispatch_uid="catalog-discount-scope-brand-deleted")
@receiver(pre_delete, sender=Category, dispatch_uid="catalog-discount-scope-category-deleted")
def keep_scoped_discounts_scoped(sender, instance, **kwargs) -> None:
    """Switch off discounts whose whole scope is going away with ``instance``."""
    field = SCOPES[sender]
    for discount in Discount.objects.filter(**{field: instance}, is_active=True).prefetch_related(
        "products", "brands", "categories"
    ):
        remaining = sum(len(getattr(discount, name).all()) for name in SCOPES.values()) - 1
        if remaining == 0:
            logger.warning("discount %s lost its whole scope; switched off", discount.pk)
            Discount.objects.filter(pk=discount.pk).update(is_active=False)
            transaction.on_commit(_bump_quietly)
