from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.api.v2 import api_router
from home.api.views import SnippetPreviewView
from storefront.api import errors as api_errors
from storefront.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/", include("storefront.api.urls")),
    # Beside Wagtail's page_preview: snippet drafts for a separate frontend (home.previews).
    path("api/v2/snippet_preview/", SnippetPreviewView.as_view(), name="snippet-preview"),
    path("api/v2/", api_router.urls),
    re_path(r"^api/", api_errors.unknown_endpoint),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("", include("home.urls")),
    path("", include("catalog.urls")),
    path("", include("commerce.urls")),
    # Wagtail's page serving goes last: it matches every remaining path.
    path("", include(wagtail_urls)),
]


def handler404(request, exception=None):
    if request.path.startswith("/api/"):
        return api_errors.not_found(request, exception)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request):
    if request.path.startswith("/api/"):
        return api_errors.server_error(request)
    from django.views.defaults import server_error

    return server_error(request)
