"""Headless preview end to end: the editor previews a draft in the admin, a token is stored, and both
/api/v2/page_preview/ and our own /preview/ route show the draft (while the live page stays as it was)."""

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_headless_preview.models import PagePreview

from home.tasks import collect_page_previews
from home.tests.factories import make_content_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(staff_user):
    client = Client()
    client.force_login(staff_user)
    return client


def content_form(title, body_html, slug="about"):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "Draft intro",
            "body": streamfield([("rich_text", rich_text(body_html))]),
            "comments": inline_formset([]),
        }
    )


def admin_preview(editor_client, url, form):
    """What the page editor does: POST the form state, then load the preview (which redirects to the client)."""
    posted = editor_client.post(url, form)
    assert posted.status_code == 200
    assert posted.json() == {"is_valid": True, "is_available": True}
    response = editor_client.get(url)
    assert response.status_code == 302, response.content[:500]
    location = urlsplit(response["Location"])
    assert location.path == "/preview/"
    query = {key: values[0] for key, values in parse_qs(location.query).items()}
    return query


def test_preview_of_an_edited_page_end_to_end(editor_client, api_client, home_page):
    page = make_content_page(
        home_page, title="About", slug="about", intro="Live intro", body=[("rich_text", RichText("<p>Live body</p>"))]
    )
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.id])

    query = admin_preview(editor_client, url, content_form("About (draft)", "<p>Draft body</p>"))

    assert query["content_type"] == "home.contentpage"
    assert PagePreview.objects.filter(token=query["token"]).exists()

    api = api_client.get("/api/v2/page_preview/", query)
    assert api.status_code == 200
    data = api.json()
    assert (data["id"], data["title"], data["intro"]) == (page.id, "About (draft)", "Draft intro")
    assert "Draft body" in data["body"][0]["value"]
    assert data["meta"]["type"] == "home.ContentPage"

    html = Client().get("/preview/", query)
    assert html.status_code == 200
    content = html.content.decode()
    assert "About (draft)" in content and "Draft body" in content and "Live body" not in content
    assert html["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in html["Cache-Control"]

    # Previewing saved nothing: the live page and its API answer are unchanged.
    live = Client().get("/about/").content.decode()
    assert "Live body" in live and "Draft body" not in live
    assert api_client.get(f"/api/v2/pages/{page.id}/").json()["title"] == "About"


def test_preview_of_a_page_not_created_yet(editor_client, api_client, home_page):
    url = reverse("wagtailadmin_pages:preview_on_add", args=["home", "contentpage", home_page.id])

    query = admin_preview(editor_client, url, content_form("Brand new", "<p>Fresh</p>", slug="brand-new"))

    data = api_client.get("/api/v2/page_preview/", query).json()
    assert (data["id"], data["title"], data["meta"]["type"]) == (None, "Brand new", "home.ContentPage")
    assert "Fresh" in Client().get("/preview/", query).content.decode()


def test_home_page_preview(editor_client, home_page):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[home_page.id])
    form = nested_form_data(
        {
            "title": "Home",
            "slug": home_page.slug,
            "body": streamfield([("rich_text", rich_text("<p>Coming soon</p>"))]),
            "comments": inline_formset([]),
        }
    )

    query = admin_preview(editor_client, url, form)

    assert query["content_type"] == "home.homepage"
    assert "Coming soon" in Client().get("/preview/", query).content.decode()


def test_preview_client_url_can_point_at_an_external_frontend(editor_client, home_page, settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "CLIENT_URLS": {"default": "https://shop.example"},
    }
    page = make_content_page(home_page)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.id])
    editor_client.post(url, content_form("About", "<p>x</p>"))

    response = editor_client.get(url)

    assert response["Location"].startswith("https://shop.example/?content_type=home.contentpage&token=")


@pytest.mark.parametrize(
    ("query", "status", "code", "attr"),
    [
        ({"token": "x"}, 400, "required", "content_type"),
        ({"content_type": "home.contentpage"}, 400, "required", "token"),
        ({"content_type": "home.contentpage", "token": "id=1:forged:signature"}, 404, "not_found", "token"),
        ({"content_type": "wagtailcore.page", "token": "x"}, 404, "not_found", "content_type"),
        ({"content_type": "accounts.user", "token": "x"}, 404, "not_found", "content_type"),
        ({"content_type": "nonsense", "token": "x"}, 404, "not_found", "content_type"),
    ],
)
def test_page_preview_api_bad_input(api_client, db, query, status, code, attr):
    response = api_client.get("/api/v2/page_preview/", query)

    assert response.status_code == status
    assert response.json()["errors"] == [{"code": code, "detail": response.json()["errors"][0]["detail"], "attr": attr}]
    assert Client().get("/preview/", query).status_code == 404


def test_signed_token_without_a_stored_preview_is_a_404(api_client, db):
    from home.models import ContentPage

    token = ContentPage.get_preview_signer().sign("id=12345")

    response = api_client.get("/api/v2/page_preview/", {"content_type": "home.contentpage", "token": token})

    assert response.status_code == 404


def test_old_previews_are_garbage_collected(editor_client, home_page):
    page = make_content_page(home_page)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.id])
    fresh = admin_preview(editor_client, url, content_form("Fresh", "<p>x</p>"))["token"]
    old = PagePreview.objects.create(token="old", content_type=fresh and page.content_type, content_json="{}")
    PagePreview.objects.filter(pk=old.pk).update(created_at=date.today() - timedelta(days=2))

    collect_page_previews.delay()

    assert list(PagePreview.objects.values_list("token", flat=True)) == [fresh]
