"""Catalog staff roles: Merchandisers run the catalog in the Wagtail admin, but not content pages or orders. The
catalog's discounts (they set prices) are theirs too, publishing included."""

from django.contrib.auth.models import Group, Permission

from storefront.roles import Role

CATALOG_MODELS = ["product", "productimage", "brand", "category", "review", "discount"]
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


def grant_discount_publishing(group: Group) -> None:
    """Discounts are drafts until published: the role may publish them (Wagtail's own snippet permission)."""
    from django.apps import apps
    from wagtail.snippets.models import create_extra_permissions

    # Wagtail adds the publish permission on its own post_migrate, which may not have run yet.
    create_extra_permissions(apps.get_app_config("catalog"))
    group.permissions.add(Permission.objects.get(content_type__app_label="catalog", codename="publish_discount"))


def _merchandisers_setup(group: Group) -> None:
    grant_image_library(group)
    grant_discount_publishing(group)


ROLES = [
    Role(
        "Merchandisers",
        permissions=["wagtailadmin.access_admin", *_catalog_permissions()],
        setup=_merchandisers_setup,
    ),
]
