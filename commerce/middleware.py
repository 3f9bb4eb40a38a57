import re

from commerce.models import SOURCE_PATTERN

SOURCE_SESSION_KEY = "commerce_source"
_SOURCE = re.compile(SOURCE_PATTERN)


class AttributionMiddleware:
    """Remembers ``?src=banner:12`` (set on links by the server-rendered pages) in the session, so the
    cart the shopper then fills is attributed to the content that brought them. Bad values are ignored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = request.GET.get("src", "")
        if source and _SOURCE.match(source) and request.session.get(SOURCE_SESSION_KEY) != source:
            request.session[SOURCE_SESSION_KEY] = source
        return self.get_response(request)
