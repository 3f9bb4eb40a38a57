"""Commerce staff roles: Fulfilment works orders and stock in the Wagtail admin; no content, no catalog or prices.
Merchandisers (the catalog's role, extended here: roles with one name combine) also run promotions."""

from django.contrib.auth.models import Group, Permission

from storefront.roles import Role

PROMOTION_MODELS = ["discount", "coupon"]


def _promotion_permissions() -> list[str]:
    return [
        *(f"commerce.{action}_{model}" for model in PROMOTION_MODELS for action in ("add", "change", "delete", "view")),
        "commerce.view_couponredemption",
    ]


def grant_discount_publishing(group: Group) -> None:
    """Discounts are drafts until published: the role may publish them (Wagtail's own snippet permission)."""
    from django.apps import apps
    from wagtail.snippets.models import create_extra_permissions

    # Wagtail adds the publish permission on its own post_migrate, which may not have run yet.
    create_extra_permissions(apps.get_app_config("commerce"))
    group.permissions.add(Permission.objects.get(content_type__app_label="commerce", codename="publish_discount"))


ROLES = [
    Role(
        "Fulfilment",
        permissions=[
            "wagtailadmin.access_admin",
            "commerce.view_order",
            "commerce.change_order",
            "commerce.view_stock",
            "commerce.change_stock",
            "commerce.view_stockmovement",
        ],
    ),
    Role(
        "Merchandisers",
        permissions=["wagtailadmin.access_admin", *_promotion_permissions()],
        setup=grant_discount_publishing,
    ),
]
