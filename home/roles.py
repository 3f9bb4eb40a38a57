"""Content staff role: Editors write, publish and schedule pages and content snippets.

They get nothing of the catalog (prices) or commerce (orders, stock): those belong to other roles.
Wagtail's own migration already creates an "Editors" group with add/edit on the root page; this role
extends it additively.
"""

from django.contrib.auth.models import Group, Permission

from storefront.roles import Role

CONTENT_SNIPPETS = ["banner", "serviceguarantee", "navigationmenu", "footer"]
PAGE_ACTIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_ACTIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}


def _snippet_model_permissions() -> list[str]:
    return [f"home.{action}_{model}" for model in CONTENT_SNIPPETS for action in ("add", "change", "delete", "view")]


def grant_content_editing(group: Group) -> None:
    """Page permissions on the tree root, publish/lock rights on the content snippets, and the media library."""
    from django.apps import apps
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
    from wagtail.snippets.models import create_extra_permissions

    # Wagtail adds publish/lock/unlock permissions on its own post_migrate, which may not have run yet.
    create_extra_permissions(apps.get_app_config("home"))
    for model in CONTENT_SNIPPETS:
        for action in ("publish", "lock", "unlock"):
            group.permissions.add(Permission.objects.get(content_type__app_label="home", codename=f"{action}_{model}"))

    root_page = Page.get_first_root_node()
    if root_page is not None:
        for codename in PAGE_ACTIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)

    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for app_label, codenames in COLLECTION_ACTIONS.items():
            for codename in codenames:
                permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


ROLES = [
    Role(
        "Editors",
        permissions=["wagtailadmin.access_admin", *_snippet_model_permissions()],
        setup=grant_content_editing,
    ),
]
