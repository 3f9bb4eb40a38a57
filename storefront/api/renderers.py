"""The API's JSON renderer: image URLs leave absolute, on the host the request reached (or PUBLIC_BASE_URL).

Views and read models carry the storage's URLs (``/media/...``), so whatever they cache is the same for every host;
this turns them absolute as the answer is written (storefront.public_urls.absolute_image_urls). The response cache
(catalog.cache) stores the written answer under its scheme and host, so no caller gets another's host.
"""

from rest_framework import renderers

from storefront.public_urls import absolute_image_urls


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        request = (renderer_context or {}).get("request")
        if request is not None and data is not None:
            data = absolute_image_urls(request, data)
        return super().render(data, accepted_media_type, renderer_context)
