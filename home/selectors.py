"""Reads of editorial content, shared by the /api/v1/cms/ endpoints, the StreamField blocks and the templates.

The ``*_data`` functions return plain read models (dicts and lists, the contract's shapes) cached in the
default cache; the model-level reads under them are what the cache is built from.
"""

from datetime import datetime

from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils import timezone
from wagtail.images import get_image_model

from home import cms_cache
from home.models import Banner, Footer, NavigationMenu, ServiceGuarantee
from home.renditions import BANNER_SPEC, rendition_data
from storefront.validators import safe_link
from storefront.windows import window_q


def _published_now(at: datetime) -> Q:
    # expire_at is also applied here: the scheduled unpublish runs on a timer, the answer must not wait for it.
    return Q(live=True, expired=False) & (Q(expire_at__isnull=True) | Q(expire_at__gt=at))


def live_banners(*, position: str | None = None, at: datetime | None = None) -> QuerySet[Banner]:
    """Banners published and inside their display window at ``at`` (default now), at ``position`` (or all)."""
    at = at or timezone.now()
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=BANNER_SPEC)
    queryset = Banner.objects.filter(
        _published_now(at),
        window_q(at),
    )
    if position is not None:
        queryset = queryset.filter(position=position)
    return queryset.select_related("image", "discount", "coupon").prefetch_related(
        Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )


def next_banner_change(*, position: str | None = None, at: datetime | None = None) -> datetime | None:
    """The next moment at which the live banners at ``position`` change by themselves (a window opens or
    closes, a scheduled expiry, an advertised promotion starts or ends), or None when nothing is scheduled."""
    at = at or timezone.now()
    queryset = Banner.objects.filter(live=True, expired=False)
    if position is not None:
        queryset = queryset.filter(position=position)
    bounds = queryset.aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=at)),
        end=Min("ends_at", filter=Q(ends_at__gt=at)),
        expire=Min("expire_at", filter=Q(expire_at__gt=at)),
        discount_start=Min("discount__starts_at", filter=Q(discount__starts_at__gt=at)),
        discount_end=Min("discount__ends_at", filter=Q(discount__ends_at__gt=at)),
        coupon_start=Min("coupon__starts_at", filter=Q(coupon__starts_at__gt=at)),
        coupon_end=Min("coupon__ends_at", filter=Q(coupon__ends_at__gt=at)),
    )
    upcoming = [moment for moment in bounds.values() if moment is not None]
    return min(upcoming) if upcoming else None


def live_guarantees(*, at: datetime | None = None) -> QuerySet[ServiceGuarantee]:
    return ServiceGuarantee.objects.filter(_published_now(at or timezone.now())).order_by("sort_order", "id")


def live_navigation() -> NavigationMenu | None:
    return NavigationMenu.objects.filter(_published_now(timezone.now())).first()


def live_footer() -> Footer | None:
    return Footer.objects.filter(_published_now(timezone.now())).first()


# --- read models ----------------------------------------------------------------------------------


def banner_card(banner: Banner, *, at: datetime | None = None) -> dict:
    return {
        "id": banner.id,  # also the server-rendered link's ?src=banner:<id> (attribution)
        "title": banner.title,
        "subtitle": banner.subtitle,
        "image": rendition_data(banner.image, BANNER_SPEC),
        "link_url": safe_link(banner.link_url),  # a row stored before links were validated shows no link
        "position": banner.position,
        "starts_at": banner.starts_at,
        "ends_at": banner.ends_at,
        "promotion": promotion_card(banner, at=at or timezone.now()),
    }


def promotion_card(banner: Banner, *, at: datetime) -> dict | None:
    """``{name, ends_at}`` of the banner's discount (published, switched on and running at ``at``), or
    ``{name, ends_at, code}`` of its coupon (running at ``at``); None otherwise, so a countdown never outlives its
    promotion. Saving a discount or coupon refreshes the cached banners (home.signals)."""
    discount, coupon = banner.discount, banner.coupon
    if discount is not None and discount.live and discount.is_active and discount.is_valid_at(at):
        return {"name": discount.name, "ends_at": discount.ends_at}
    if coupon is not None and coupon.is_valid_at(at):
        return {"name": coupon.display_name, "ends_at": coupon.ends_at, "code": coupon.code}
    return None


def guarantee_card(guarantee: ServiceGuarantee) -> dict:
    return {"title": guarantee.title, "description": guarantee.description, "icon": guarantee.icon}


def navigation_tree(menu: NavigationMenu | None) -> dict:
    """``{items: [{label, url, children: [{label, url, children: []}]}]}``: every node has ``children`` (a
    sub-item's is always empty); links to unpublished pages and unsafe URLs are left out."""
    if menu is None:
        return {"items": []}
    items = []
    for child in menu.items:
        item = child.block.get_api_representation(child.value)
        if not item["url"]:
            continue
        item["children"] = [{**link, "children": []} for link in item["children"] if link["url"]]
        items.append(item)
    return {"items": items}


def footer_tree(footer: Footer | None) -> dict:
    """``{columns: [{title, links: [{label, url}]}], copyright, social: [{network, url}]}``; links to unpublished
    pages and unsafe URLs are left out."""
    if footer is None:
        return {"columns": [], "copyright": "", "social": []}
    columns = []
    for column in footer.columns:
        link_block = column.block.child_blocks["links"].child_block
        links = [link_block.get_api_representation(link) for link in column.value["links"]]
        columns.append({"title": column.value["title"], "links": [link for link in links if link["url"]]})
    social = [(link.value["network"], safe_link(link.value["url"])) for link in footer.social]
    return {
        "columns": columns,
        "copyright": footer.copyright.replace("{year}", str(timezone.now().year)),
        "social": [{"network": network, "url": url} for network, url in social if url],
    }


# --- cached read models: what the API, the blocks and the templates use ---------------------------


def navigation_data() -> dict:
    return cms_cache.cached("navigation", "main", lambda: navigation_tree(live_navigation()))


def footer_data() -> dict:
    return cms_cache.cached("footer", "main", lambda: footer_tree(live_footer()))


def guarantees_data() -> list[dict]:
    return cms_cache.cached("guarantees", "all", lambda: [guarantee_card(g) for g in live_guarantees()])


def seconds_until_banners_change() -> float | None:
    """How long the live banners (at any position) stay as they are, or None while nothing is scheduled: cached
    answers that show banners live at most that long. The cached list of all live banners knows, when it is there
    (a page showing banners has just read it); otherwise one query asks, without building that list."""
    now = timezone.now()
    entry = cms_cache.lookup("banners", "*")
    if entry is not None and (entry["until"] is None or entry["until"] > now):
        until = entry["until"]
    else:
        until = next_banner_change(at=now)
    return None if until is None else (until - now).total_seconds()


def banners_data(*, position: str | None = None) -> list[dict]:
    """The banners live now at ``position`` (or at every position). The cached answer remembers when the
    set next changes by itself (a display window opens or closes) and is rebuilt from that moment on."""
    return _banners_entry(position)["banners"]


def _banners_entry(position: str | None) -> dict:
    """``{until, banners}``: the live banners at ``position`` (None: all) and when that set next changes."""
    variant = position or "*"
    now = timezone.now()
    entry = cms_cache.lookup("banners", variant)
    if entry is None or (entry["until"] is not None and entry["until"] <= now):
        until = next_banner_change(position=position, at=now)
        entry = {"until": until, "banners": [banner_card(b, at=now) for b in live_banners(position=position, at=now)]}
        timeout = cms_cache.DEFAULT_TIMEOUT
        if until is not None:
            timeout = min(timeout, (until - now).total_seconds() + 1)
        cms_cache.store("banners", variant, entry, timeout=timeout)
    return entry
