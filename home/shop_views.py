"""Server-rendered catalog pages: listing, product, category, search.

Thin: every filter, ordering, price and visibility rule is the catalog's (``catalog.selectors`` and its
FilterSet, the same ones the API uses); these views only adapt an HTML form's query string and render.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from catalog import selectors
from catalog.facets import PREFIX as ATTRIBUTE_PREFIX
from catalog.filters import ORDERINGS
from catalog.models import Product
from home.selectors import banners_data
from home.structured_data import product_json_ld
from storefront.errors import InvalidInput, NotFound

PAGE_SIZE = 24
MAX_PAGE_SIZE = 100
SORT_OPTIONS = [
    ("", "Newest"),
    ("price", "Price: low to high"),
    ("-price", "Price: high to low"),
    ("name", "Name: A to Z"),
    ("-rating", "Best rated"),
]
RATING_OPTIONS = [("4", "4 stars & up"), ("3", "3 stars & up"), ("2", "2 stars & up")]
# The sort menu offers only orderings the catalog accepts.
assert all(key in ORDERINGS for key, _ in SORT_OPTIONS if key)


def _listing_params(query: QueryDict, **forced: str) -> QueryDict:
    """The API's parameters from an HTML form: empty fields mean "no filter", repeated ``brand`` and
    ``attr.<name>`` checkboxes become the API's comma-separated list, and the page's own filter (category,
    search) wins."""
    params = QueryDict(mutable=True)
    for key in query:
        values = [value for value in query.getlist(key) if value.strip()]
        if (key == "brand" or key.startswith(ATTRIBUTE_PREFIX)) and values:
            params[key] = ",".join(values)  # checkboxes: the API's comma-separated list
        elif values and key not in ("page", "page_size"):
            params[key] = values[-1]
    for key, value in forced.items():
        params[key] = value
    return params


def _page_size(query: QueryDict) -> int:
    try:
        return max(1, min(int(query.get("page_size", PAGE_SIZE)), MAX_PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE


def _render_listing(request, template: str, context: dict, **forced: str) -> TemplateResponse:
    params = _listing_params(request.GET, **forced)
    error = None
    facets = {}
    try:
        products = selectors.product_list(params)
        facets = selectors.product_facets(params)
    except InvalidInput as exc:
        # The form is shown again with the message, as the API would answer 400.
        products, error = Product.objects.none(), exc
    page = Paginator(products, _page_size(request.GET)).get_page(request.GET.get("page"))
    context = {
        **context,
        "products": selectors.product_summaries(page.object_list),
        "page_obj": page,
        "error": error,
        "params": params,
        "selected_brands": params.get("brand", "").split(","),
        "categories": selectors.category_list(),
        "brand_facet": facets.get("brand", []),
        "attribute_facets": _attribute_facets(facets, params),
        "sort_options": SORT_OPTIONS,
        "rating_options": RATING_OPTIONS,
        "currency": settings.STORE_CURRENCY,
    }
    return TemplateResponse(request, template, context, status=400 if error else 200)


def _attribute_facets(facets: dict, params: QueryDict) -> list[dict]:
    """The attribute facets as the filter form shows them: a fieldset per attribute (folded unless one of its
    values is chosen), its values ticked when chosen."""
    shown = []
    for name, values in facets.items():
        if name in ("brand", "category"):
            continue
        chosen = params.get(f"{ATTRIBUTE_PREFIX}{name}", "").split(",")
        items = [{**value, "checked": value["value"] in chosen} for value in values]
        # Folded unless chosen from: a catalog with many attributes would push the products far down.
        open_ = any(item["checked"] for item in items)
        shown.append({"name": name, "param": f"{ATTRIBUTE_PREFIX}{name}", "values": items, "open": open_})
    return shown


@require_GET
def product_list(request):
    return _render_listing(
        request,
        "catalog/product_list.html",
        {"heading": "All products", "meta_description": "Browse every product in the shop."},
    )


@require_GET
def category_detail(request, slug: str):
    try:
        category = selectors.category_detail_data(selectors.category_detail(slug))
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    description = category["description"] or f"Shop {category['name']}: {category['product_count']} products."
    return _render_listing(
        request,
        "catalog/category_detail.html",
        {
            "heading": category["name"],
            "category": category,
            "meta_description": Truncator(description).chars(160),
            "banners": banners_data(position="category_top"),
        },
        category=slug,
    )


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    context = {"heading": f"Results for “{query}”" if query else "Search", "search_query": query}
    context["meta_description"] = "Search the shop."
    if not query:
        return TemplateResponse(request, "catalog/search.html", {**context, "products": [], "page_obj": None})
    return _render_listing(request, "catalog/search.html", context, search=query)


def variant_images(product: dict) -> list[dict]:
    """The variants' own pictures for the gallery, after the product's, each once (variants of one colour
    usually share one), described by their options."""
    seen = {image["url"] for image in product["images"]}
    images = []
    for variant in product["variants"]:
        image = variant["image"]
        if image and image["url"] not in seen:
            seen.add(image["url"])
            label = " / ".join(variant["options"].values())
            images.append({**image, "alt": f"{product['name']}, {label}" if label else image["alt"]})
    return images


@require_GET
def product_detail(request, slug: str):
    try:
        product = selectors.product_detail_data(selectors.product_detail(slug))
        reviews = [selectors.review_data(review) for review in selectors.approved_reviews(slug)[:10]]
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    url = reverse("shop-product", args=[slug])
    description = strip_tags(product["description"]).strip() or f"{product['name']} ({product['sku']})"
    context = {
        "product": product,
        "variant_images": variant_images(product),
        "reviews": reviews,
        "canonical_url": request.build_absolute_uri(url),
        "meta_description": Truncator(" ".join(description.split())).chars(160),
        "json_ld": product_json_ld(request, product, url=url),
    }
    return TemplateResponse(request, "catalog/product_detail.html", context)
