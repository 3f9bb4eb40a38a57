from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Content"

    def ready(self):
        from catalog.cache import cache_pages, cache_reads_under
        from home import cms_cache, handlers, revalidation, selectors, signals  # noqa: F401 (handlers: subscribers)

        signals.connect()
        revalidation.connect()
        # Anonymous reads of the content API come from the catalog's response cache: pages show products and
        # prices, so an entry holds while both the catalog and the content versions do (home.cms_cache).
        for prefix in ("/api/v1/cms/", "/api/v2/pages/"):
            cache_reads_under(prefix, version=cms_cache.content_version, ttl_cap=selectors.seconds_until_banners_change)
        # And the shop's most visited pages, for visitors without cookies (a page with a CSRF form, like the
        # product page, is stored with a marker where the token goes; each visitor gets their own: catalog.cache).
        cache_pages(
            r"/(products/|categories/[^/]+/|products/[^/]+/)?",
            version=cms_cache.content_version,
            ttl_cap=selectors.seconds_until_banners_change,
        )
