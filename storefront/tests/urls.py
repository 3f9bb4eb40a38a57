"""Test-only endpoints that exercise the API plumbing (errors, throttling, pagination)."""

from django.contrib.auth.models import Group
from django.urls import include, path
from rest_framework import generics, serializers
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from storefront.errors import Conflict, InvalidInput


class TinyThrottle(AnonRateThrottle):
    scope = "tiny"
    rate = "2/min"


class EchoSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1)


@api_view(["POST"])
def echo(request):
    serializer = EchoSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return Response(serializer.validated_data)


@api_view(["GET"])
@permission_classes([IsAuthenticated])
def private(request):
    return Response({"ok": True})


@api_view(["GET"])
@throttle_classes([TinyThrottle])
def throttled(request):
    return Response({"ok": True})


@api_view(["GET"])
def boom(request):
    raise RuntimeError("secret internals must not leak")


@api_view(["GET"])
def conflict(request):
    raise Conflict("Only 2 left of SKU-1.", code="out_of_stock", attr="items.0.quantity")


@api_view(["GET"])
def invalid(request):
    raise InvalidInput("That coupon does not exist.", code="invalid_coupon", attr="code")


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "name"]


class GroupList(generics.ListAPIView):
    queryset = Group.objects.order_by("id")
    serializer_class = GroupSerializer


urlpatterns = [
    path("api/test/echo/", echo),
    path("api/test/private/", private),
    path("api/test/throttled/", throttled),
    path("api/test/boom/", boom),
    path("api/test/conflict/", conflict),
    path("api/test/invalid/", invalid),
    path("api/test/groups/", GroupList.as_view()),
    path("", include("storefront.urls")),
]

handler404 = "storefront.urls.handler404"
handler500 = "storefront.urls.handler500"
