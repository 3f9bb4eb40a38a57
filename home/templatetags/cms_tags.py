"""Navigation, footer and store name for templates/base.html, from the same cached read models as the API."""

from django import template
from django.conf import settings

from home import selectors

register = template.Library()


@register.simple_tag
def store_name() -> str:
    return settings.STORE_NAME


@register.inclusion_tag("home/tags/navigation.html", takes_context=True)
def site_navigation(context):
    request = context.get("request")
    return {"navigation": selectors.navigation_data(), "current_path": request.path if request else ""}


@register.inclusion_tag("home/tags/footer.html")
def site_footer():
    return {"footer": selectors.footer_data(), "store_name": settings.STORE_NAME}
