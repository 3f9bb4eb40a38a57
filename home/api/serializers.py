"""Output shapes of /api/v1/cms/ (they serialize the read models of home.selectors)."""

from rest_framework import serializers

from catalog.api.serializers import ImageSerializer  # one Image shape across the API
from home.blocks import BANNER_POSITIONS, SOCIAL_NETWORKS
from home.models import ServiceGuarantee


class CmsLinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()


class NavigationLeafSerializer(CmsLinkSerializer):
    children = serializers.ListField(
        child=CmsLinkSerializer(), max_length=0, help_text="Always empty: a sub-item has no sub-items of its own."
    )


class NavigationItemSerializer(CmsLinkSerializer):
    children = NavigationLeafSerializer(many=True, help_text="The sub-items (`[]` when there are none).")


class NavigationSerializer(serializers.Serializer):
    items = NavigationItemSerializer(many=True)


class FooterColumnSerializer(serializers.Serializer):
    title = serializers.CharField()
    links = CmsLinkSerializer(many=True)


class SocialLinkSerializer(serializers.Serializer):
    network = serializers.ChoiceField(choices=SOCIAL_NETWORKS)
    url = serializers.CharField(help_text="An http(s):// URL.")


class FooterSerializer(serializers.Serializer):
    columns = FooterColumnSerializer(many=True)
    copyright = serializers.CharField()
    social = SocialLinkSerializer(many=True)


class BannerPromotionSerializer(serializers.Serializer):
    name = serializers.CharField()
    ends_at = serializers.DateTimeField(allow_null=True, help_text="When it ends (null: no end): for a countdown.")
    code = serializers.CharField(required=False, help_text="The coupon's code (coupons only).")


class BannerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    subtitle = serializers.CharField()
    image = ImageSerializer(allow_null=True)
    link_url = serializers.CharField(help_text="An http(s):// URL or a site path starting with /; empty: no link.")
    position = serializers.ChoiceField(choices=BANNER_POSITIONS)
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    promotion = BannerPromotionSerializer(allow_null=True, help_text="The discount or coupon the banner advertises.")


class BannerQuerySerializer(serializers.Serializer):
    position = serializers.ChoiceField(
        choices=BANNER_POSITIONS, required=False, help_text="Only banners at this position; all when left out."
    )


class GuaranteeSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    icon = serializers.ChoiceField(choices=ServiceGuarantee.ICONS, help_text="The name of the icon to draw.")


def _preview(name: str, preview_type: str, value) -> type[serializers.Serializer]:
    return type(
        name,
        (serializers.Serializer,),
        {
            "type": serializers.ChoiceField(choices=[(preview_type, preview_type)]),
            "value": value,
        },
    )


SNIPPET_PREVIEWS = {
    "banner": _preview("BannerPreview", "banner", BannerSerializer()),
    "navigation": _preview("NavigationPreview", "navigation", NavigationSerializer()),
    "footer": _preview("FooterPreview", "footer", FooterSerializer()),
    "guarantee": _preview("GuaranteePreview", "guarantee", GuaranteeSerializer()),
}
