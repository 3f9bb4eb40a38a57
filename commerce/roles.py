"""Commerce staff roles: Fulfilment works orders and stock in the Wagtail admin; no content, no catalog or prices.
Merchandisers (the catalog's role, extended here: roles with one name combine) also run coupons (discounts are
the catalog's, granted by catalog.roles)."""

from storefront.roles import Role

PROMOTION_MODELS = ["coupon"]


def _promotion_permissions() -> list[str]:
    return [
        *(f"commerce.{action}_{model}" for model in PROMOTION_MODELS for action in ("add", "change", "delete", "view")),
        "commerce.view_couponredemption",
    ]


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
    ),
]
