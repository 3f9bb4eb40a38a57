"""The content snippets in the admin, grouped under one "Content" menu."""

from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import Banner, Footer, NavigationMenu, ServiceGuarantee


class BannerViewSet(SnippetViewSet):
    model = Banner
    icon = "image"
    menu_label = "Banners"
    list_display = ["title", "position", "starts_at", "ends_at", UpdatedAtColumn()]
    list_filter = ["position", "live"]
    search_fields = ["title", "subtitle"]
    search_backend_name = None  # plain database filtering: a handful of rows, no index to maintain
    sort_order_field = None


class ServiceGuaranteeViewSet(SnippetViewSet):
    model = ServiceGuarantee
    icon = "tick-inverse"
    menu_label = "Guarantees"
    list_display = ["title", "icon", UpdatedAtColumn()]
    search_fields = ["title", "description"]
    search_backend_name = None
    sort_order_field = "sort_order"


class NavigationMenuViewSet(SnippetViewSet):
    model = NavigationMenu
    icon = "list-ul"
    menu_label = "Navigation"
    list_display = ["name", UpdatedAtColumn()]
    copy_view_enabled = False  # there is only one


class FooterViewSet(SnippetViewSet):
    model = Footer
    icon = "doc-full"
    menu_label = "Footer"
    list_display = ["name", UpdatedAtColumn()]
    copy_view_enabled = False


class ContentSnippetGroup(SnippetViewSetGroup):
    menu_label = "Site content"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (BannerViewSet, ServiceGuaranteeViewSet, NavigationMenuViewSet, FooterViewSet)


register_snippet(ContentSnippetGroup)
