"""sitemap.xml: Wagtail pages, the catalog listing, categories and visible products.

Every URL is on the Wagtail Site's root URL, as Wagtail's page sitemap does, so the file names one host.
"""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from catalog import selectors


class ShopSitemapBase(PageSitemap):
    def get_urls(self, page=1, site=None, protocol=None):
        root = urlsplit(self.get_wagtail_site().root_url)
        # Django's own URL building (PageSitemap replaces it with one for pages), on the Site's host.
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
