"""sitemap.xml: Wagtail pages, the catalog listing, categories and visible products.

Every URL is on one host: PUBLIC_BASE_URL when configured, else the host the request reached (not the Wagtail
Site record's hostname, which Wagtail's page sitemap would use). The file is built per request, never cached.
"""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailPageSitemap

from catalog import selectors
from storefront.public_urls import base_url, rebased_url


class PageSitemap(WagtailPageSitemap):
    """The request's Wagtail site's pages, each on the answering host."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = rebased_url(self.request, url["location"])
        return urls


class ShopSitemapBase(WagtailPageSitemap):
    def get_urls(self, page=1, site=None, protocol=None):
        root = urlsplit(base_url(self.request))
        # Django's own URL building (Wagtail's page sitemap replaces it with one for pages).
        return DjangoSitemap._urls(self, page, root.scheme, root.netloc)

    def lastmod(self, obj):
        return getattr(obj, "updated_at", None)


class ShopSitemap(ShopSitemapBase):
    def items(self):
        return ["shop-products"]

    def location(self, name):
        return reverse(name)


class CategorySitemap(ShopSitemapBase):
    changefreq = "weekly"

    def items(self):
        return selectors.category_list().only("slug", "updated_at")

    def location(self, category):
        return reverse("shop-category", args=[category.slug])


class ProductSitemap(ShopSitemapBase):
    changefreq = "daily"
    limit = 10_000

    def items(self):
        # The catalog's own visibility rule: inactive and deleted products are left out.
        return selectors.public_products().only("slug", "updated_at").order_by("id")

    def location(self, product):
        return reverse("shop-product", args=[product.slug])


SITEMAPS = {"pages": PageSitemap, "shop": ShopSitemap, "categories": CategorySitemap, "products": ProductSitemap}
