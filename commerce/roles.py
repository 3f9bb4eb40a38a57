"""Commerce staff roles: Fulfilment works orders and stock in the Wagtail admin; no content, no catalog or prices."""

from storefront.roles import Role

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
]
