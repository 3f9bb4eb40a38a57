"""Wagtail's own content API (v2) at /api/v2/, and the draft preview endpoint of wagtail-headless-preview."""

from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from home.previews import preview_page


class PagePreviewAPIViewSet(PagesAPIViewSet):
    """GET /api/v2/page_preview/?content_type=home.homepage&token=... : the draft behind a preview token,
    serialized exactly like /api/v2/pages/{id}/ serializes the live page (the package ships no view)."""

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["content_type", "token"])

    def listing_view(self, request):
        # Same serializer and fields as the detail view: a frontend renders preview and live alike.
        self.action = "detail_view"
        return self.detail_view(request, 0)

    def detail_view(self, request, pk):
        return Response(self.get_serializer(self.get_object()).data)

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            page = preview_page(
                content_type=self.request.GET.get("content_type", ""), token=self.request.GET.get("token", "")
            )
            if page.pk is None:
                page.pk = 0  # a page not created yet ("id" stays null): building meta.detail_url needs a pk
            self._cached_object = page
        return self._cached_object


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
