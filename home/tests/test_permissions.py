"""The Editors role: pages and content snippets yes, catalog and commerce no."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from accounts.tests.factories import UserFactory
from home.tests.factories import BannerFactory
from storefront.roles import apply_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client():
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    client.user = editor
    return client


def test_editors_group_grants_content_only():
    group = Group.objects.get(name="Editors")
    apps = set(group.permissions.values_list("content_type__app_label", flat=True))
    codenames = set(group.permissions.values_list("codename", flat=True))

    assert {
        "publish_banner",
        "lock_banner",
        "change_navigationmenu",
        "publish_footer",
        "add_serviceguarantee",
    } <= codenames
    assert "access_admin" in codenames
    assert not apps & {"catalog", "commerce", "accounts"}
    root = Page.get_first_root_node()
    page_perms = set(
        GroupPagePermission.objects.filter(group=group, page=root).values_list("permission__codename", flat=True)
    )
    assert {"add_page", "change_page", "publish_page"} <= page_perms


def test_applying_roles_again_changes_nothing():
    group = Group.objects.get(name="Editors")
    before = (group.permissions.count(), GroupPagePermission.objects.filter(group=group).count())

    apply_roles()

    assert (group.permissions.count(), GroupPagePermission.objects.filter(group=group).count()) == before


def test_editor_can_edit_pages_and_content_snippets(editor_client, home_page):
    banner = BannerFactory()

    assert editor_client.get(reverse("wagtailadmin_pages:edit", args=[home_page.id])).status_code == 200
    assert editor_client.get(reverse("wagtailsnippets_home_banner:add")).status_code == 200
    assert editor_client.get(reverse("wagtailsnippets_home_banner:edit", args=[banner.pk])).status_code == 200
    assert editor_client.get(reverse("wagtailsnippets_home_navigationmenu:list")).status_code == 200


def test_editor_can_publish_a_banner_from_the_admin(editor_client):
    banner = BannerFactory(title="Old")

    response = editor_client.post(
        reverse("wagtailsnippets_home_banner:edit", args=[banner.pk]),
        {
            "title": "New",
            "subtitle": "",
            "link_url": "/x/",
            "position": "home_top",
            "sort_order": 0,
            "action-publish": "1",
        },
    )

    assert response.status_code == 302, response.content[:2000]
    banner.refresh_from_db()
    assert (banner.title, banner.live) == ("New", True)


def test_editor_cannot_manage_products(editor_client):
    response = editor_client.get(reverse("wagtailsnippets_catalog_product:list"))

    # Wagtail answers a missing permission with a redirect to the dashboard (and a message).
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not editor_client.user.has_perm("catalog.change_product")
