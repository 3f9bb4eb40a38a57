"""schema.org structured data (JSON-LD) for the server-rendered pages, built from the catalog's read models."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from storefront.public_urls import absolute_media_url

# Inside <script> only "<", ">" and "&" can end the element or start markup; escape them as JSON allows.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def as_script_json(data: dict) -> SafeString:
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308


def product_json_ld(request, product: dict, *, url: str) -> SafeString:
    """A schema.org/Product with its offer (sale price, stock) and rating, from ``product_detail_data``."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product["name"],
        "sku": product["sku"],
        "url": absolute_media_url(request, url),
        "description": strip_tags(product["description"]).strip(),
        "image": [absolute_media_url(request, image["url"]) for image in product["images"]],
        "category": product["category"]["name"],
        "offers": {
            "@type": "Offer",
            "price": product["sale_price"],
            "priceCurrency": product["currency"],
            "availability": "https://schema.org/InStock"
            if product["available"] > 0
            else "https://schema.org/OutOfStock",
            "url": absolute_media_url(request, url),
        },
    }
    if product["brand"]:
        data["brand"] = {"@type": "Brand", "name": product["brand"]["name"]}
    if product["review_count"] and product["rating"] is not None:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": product["rating"],
            "reviewCount": product["review_count"],
        }
    return as_script_json(data)
