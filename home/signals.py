"""Cache invalidation: what editors publish, unpublish, reorder or delete shows on the next request."""

import logging

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from home import cms_cache
from home.models import Banner, Footer, NavigationMenu, ServiceGuarantee

logger = logging.getLogger(__name__)

KIND_BY_MODEL = {Banner: "banners", ServiceGuarantee: "guarantees", NavigationMenu: "navigation", Footer: "footer"}


def content_changed(sender, **kwargs):
    cms_cache.invalidate(KIND_BY_MODEL[sender])


def promotion_changed(sender, **kwargs):
    try:
        cms_cache.invalidate("banners")
    except Exception:  # a merchandiser's save must not fail on the cache; cached banners expire on their own
        logger.warning("could not refresh cached banners after a promotion change", exc_info=True)


def page_changed(sender, **kwargs):
    # Navigation and footer links carry page URLs and leave out unpublished pages.
    cms_cache.invalidate("navigation", "footer")


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        page_changed(sender)


def connect() -> None:
    for model in KIND_BY_MODEL:
        uid = f"home.cms_cache.{model.__name__}"
        published.connect(content_changed, sender=model, dispatch_uid=f"{uid}.published")
        unpublished.connect(content_changed, sender=model, dispatch_uid=f"{uid}.unpublished")
        # post_save covers reordering in the admin, which saves without publishing.
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}.deleted")
    # Banners carry the name, end and code of the discount or coupon they advertise.
    from catalog.models import Discount
    from commerce.models import Coupon

    for model in (Discount, Coupon):
        uid = f"home.cms_cache.banner_promotion.{model.__name__}"
        post_save.connect(promotion_changed, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(promotion_changed, sender=model, dispatch_uid=f"{uid}.deleted")
    page_published.connect(page_changed, dispatch_uid="home.cms_cache.page_published")
    page_unpublished.connect(page_changed, dispatch_uid="home.cms_cache.page_unpublished")
    post_page_move.connect(page_changed, dispatch_uid="home.cms_cache.page_moved")
    post_delete.connect(page_deleted, dispatch_uid="home.cms_cache.page_deleted")
    # Making a page private (or public again) in the admin's privacy dialog changes what anonymous callers see.
    post_save.connect(page_changed, sender=PageViewRestriction, dispatch_uid="home.cms_cache.restriction_saved")
    post_delete.connect(page_changed, sender=PageViewRestriction, dispatch_uid="home.cms_cache.restriction_deleted")
