"""Staff roles (auth groups) and their permissions, kept in code and applied after every `migrate`.

Each app may define ``roles.py`` with ``ROLES = [Role(...)]``. Permissions are "app_label.codename";
``setup`` receives the Group for what plain permissions cannot express (Wagtail page or collection
permissions). Applying is idempotent and additive: permissions granted by hand are kept.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group, Permission

ROLE_MODULES = ["accounts.roles", "catalog.roles", "commerce.roles", "home.roles", "reports.roles"]


@dataclass(frozen=True)
class Role:
    name: str
    permissions: list[str] = field(default_factory=list)
    setup: Callable[[Group], None] | None = None


def collect_roles() -> list[Role]:
    roles = []
    for module_name in ROLE_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        roles.extend(module.ROLES)
    return roles


def apply_roles(**kwargs) -> None:
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after post_migrate handlers run; make sure they exist now.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for role in collect_roles():
        group, _ = Group.objects.get_or_create(name=role.name)
        for dotted in role.permissions:
            app_label, codename = dotted.split(".", 1)
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        if role.setup:
            role.setup(group)
