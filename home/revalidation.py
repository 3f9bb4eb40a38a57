"""On-demand revalidation of a separate frontend: what editors publish reaches it without waiting for its cache.

With FRONTEND_REVALIDATE_URL set, publishing, unpublishing, moving or deleting a page, and publishing,
unpublishing or deleting a snippet (navigation, footer, banner, guarantee) publishes a ``content.changed`` event
through the outbox (storefront.events): after the editor's transaction commits, never lost while the broker is
down. Its subscriber (home.handlers) POSTs it to the URL as the integrators' webhooks are sent
(commerce.tasks.deliver_webhook: signed with WEBHOOK_SECRET in X-Storefront-Signature, retried with backoff):

    {"id": ..., "name": "content.changed", "created_at": ...,
     "payload": {"kind": "page", "id": 4, "paths": ["/about/"]}}

``kind`` is ``page`` (``paths``: the site paths it had and has; a move or a new slug names both, for the page
and its live descendants, or none at all when they are more than MAX_PATHS: then every page is stale) or one of
``navigation``, ``footer``, ``banners``, ``guarantees`` (``paths`` empty: shown around every page). Unset, nothing
is published.
"""

from django.conf import settings
from django.db.models.signals import post_delete
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, published, unpublished

from storefront.events import publish

EVENT = "content.changed"
MAX_PATHS = 100  # of a moved or renamed subtree; beyond, the event names none (the frontend refreshes every page)


def site_paths(url_path: str) -> list[str]:
    """The site paths (``/about/``) of a page with Wagtail's ``url_path`` (``/home/about/``), on every site whose
    root holds it."""
    return sorted(
        {
            url_path[len(root.root_path) - 1 :]
            for root in Site.get_site_root_paths()
            if url_path.startswith(root.root_path)
        }
    )


def content_changed(kind: str, *, id: int | None = None, paths=()) -> None:
    if not settings.FRONTEND_REVALIDATE_URL:
        return
    publish(EVENT, {"kind": kind, "id": id, "paths": sorted(set(paths))})


def _page_changed(sender, instance, **kwargs):
    content_changed("page", id=instance.pk, paths=site_paths(instance.url_path))


def _subtree_paths(page, url_path_before: str, url_path_after: str) -> list[str]:
    """The site paths the page and its live descendants had and have (their url_paths are already the new ones),
    or none when they are more than MAX_PATHS."""
    moved = list(Page.objects.descendant_of(page).live().values_list("url_path", flat=True)[:MAX_PATHS])
    if len(moved) >= MAX_PATHS:
        return []
    befores = [url_path_before + url_path[len(url_path_after) :] for url_path in moved]
    return [path for url_path in (url_path_before, url_path_after, *moved, *befores) for path in site_paths(url_path)]


def _page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    if url_path_before != url_path_after:  # a reorder among siblings changes no path
        content_changed("page", id=instance.pk, paths=_subtree_paths(instance, url_path_before, url_path_after))


def _slug_changed(sender, instance, instance_before, **kwargs):
    # Sent after commit by Wagtail (publishing a new slug, or saving one on a page): the old paths are stale too.
    if instance.live:
        content_changed(
            "page", id=instance.pk, paths=_subtree_paths(instance, instance_before.url_path, instance.url_path)
        )


def _snippet_changed(sender, instance, **kwargs):
    from home.signals import KIND_BY_MODEL

    content_changed(KIND_BY_MODEL[sender], id=instance.pk)


def connect() -> None:
    from home.signals import KIND_BY_MODEL

    uid = "home.revalidation"
    page_published.connect(_page_changed, dispatch_uid=f"{uid}.page_published")
    page_unpublished.connect(_page_changed, dispatch_uid=f"{uid}.page_unpublished")
    post_page_move.connect(_page_moved, dispatch_uid=f"{uid}.page_moved")
    page_slug_changed.connect(_slug_changed, dispatch_uid=f"{uid}.page_slug_changed")
    # A live page being deleted is unpublished first (Wagtail's pre_delete), which sends page_unpublished: that
    # is its one event; a draft the frontend never showed needs none.
    for model in KIND_BY_MODEL:
        published.connect(_snippet_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.published")
        unpublished.connect(_snippet_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.unpublished")
        post_delete.connect(_snippet_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.deleted")
