"""Catalog reactions to changes made anywhere (services, the Wagtail admin, seeding).

Model signals, because the admin's edit views save models directly: whatever changes what the public
catalog shows invalidates the anonymous response cache after commit, renaming a brand or category
refreshes the search documents of its products (their brand/category name is part of the document),
saving a product stores its attribute rows (``catalog.facets``), saving a variant its product's summary
(``catalog.variants``).
Domain events (``product.*``) are published explicitly by ``catalog.services``, not from signals.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.images import get_image_model

from catalog.models import Brand, Category, Product, ProductImage, ProductVariant
from catalog.version import invalidate_catalog

CATALOG_MODELS = (Product, Category, Brand, ProductImage, ProductVariant)


def _invalidate(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # fixture loading
        return
    invalidate_catalog()


for model in (*CATALOG_MODELS, get_image_model()):
    post_save.connect(_invalidate, sender=model, dispatch_uid=f"catalog-cache-save-{model._meta.label}")
    post_delete.connect(_invalidate, sender=model, dispatch_uid=f"catalog-cache-delete-{model._meta.label}")


@receiver(post_save, sender=ProductVariant, dispatch_uid="catalog-variant-saved")
@receiver(post_delete, sender=ProductVariant, dispatch_uid="catalog-variant-deleted")
def _refresh_product_summary(sender, instance, raw=False, origin=None, **kwargs) -> None:
    # A variant's price or flag is part of its product's from_price and in_stock (the admin saves variants directly).
    if raw or isinstance(origin, Product) or getattr(origin, "model", None) is Product:
        return  # the product itself is being deleted
    from catalog.facets import store_attribute_values
    from catalog.variants import refresh_product

    refresh_product(instance.product_id)
    product = Product.objects.filter(pk=instance.product_id).first()
    if product is not None:
        store_attribute_values(product)  # its options are filterable (attr.Size=M)


@receiver(post_save, sender=Product, dispatch_uid="catalog-product-attribute-values")
def _store_attribute_values(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    # Like the search index: derived rows every save path must keep current (the admin saves models directly).
    if raw or (update_fields is not None and "attributes" not in update_fields):
        return
    from catalog.facets import store_attribute_values

    store_attribute_values(instance)


@receiver(pre_save, sender=Brand, dispatch_uid="catalog-brand-renamed")
@receiver(pre_save, sender=Category, dispatch_uid="catalog-category-renamed")
def _note_rename(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    old_name = sender._default_manager.filter(pk=instance.pk).values_list("name", flat=True).first()
    instance._catalog_renamed = old_name is not None and old_name != instance.name


@receiver(post_save, sender=Brand, dispatch_uid="catalog-brand-reindex")
@receiver(post_save, sender=Category, dispatch_uid="catalog-category-reindex")
def _reindex_after_rename(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw or created or not getattr(instance, "_catalog_renamed", False):
        return
    instance._catalog_renamed = False
    field = "brand_id" if sender is Brand else "category_id"
    transaction.on_commit(partial(_reindex, **{field: instance.pk}))


def _reindex(**lookup) -> None:
    from catalog.search import reindex_products

    reindex_products(Product.objects.filter(**lookup))
