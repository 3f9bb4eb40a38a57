"""Catalog staff roles: Merchandisers run the catalog in the Wagtail admin, but not content pages or orders."""

from django.contrib.auth.models import Group, Permission

from storefront.roles import Role

CATALOG_MODELS = ["product", "productimage", "brand", "category", "review"]
IMAGE_ACTIONS = ["add_image", "change_image", "choose_image"]


def _catalog_permissions() -> list[str]:
    return [f"catalog.{action}_{model}" for model in CATALOG_MODELS for action in ("add", "change", "delete", "view")]


def grant_image_library(group: Group) -> None:
    """Wagtail images are permissioned per collection: let the group upload, edit and choose in all of them."""
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    for codename in IMAGE_ACTIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailimages", codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


ROLES = [
    Role(
        "Merchandisers",
        permissions=["wagtailadmin.access_admin", *_catalog_permissions()],
        setup=grant_image_library,
    ),
]
