"""Images as the API and templates show them: one rendition, ``{url, width, height, alt}``."""

from wagtail.images.models import SourceImageIOError

# One size per use keeps the number of renditions (and what must be prefetched) small.
HERO_SPEC = "fill-1600x640|format-webp"
BANNER_SPEC = "fill-1200x400|format-webp"


def rendition_data(image, spec: str) -> dict | None:
    """The contract's image object for ``image`` resized by ``spec``, or None when there is no image.

    An image whose file has gone missing becomes None rather than breaking the page or the API answer.
    """
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
    except SourceImageIOError:
        return None
    return {"url": rendition.url, "width": rendition.width, "height": rendition.height, "alt": rendition.alt}
