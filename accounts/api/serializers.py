from django.contrib.auth import authenticate
from rest_framework import exceptions, serializers

from accounts.models import Address, User
from storefront.addresses import ShippingAddressSerializer


class RegisterInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    # Not trimmed: spaces are part of a password. Bounded: hashing a megabyte-long password is a DoS.
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=1024)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "is_staff"]
        read_only_fields = fields


class MeUpdateInputSerializer(serializers.Serializer):
    """The fields a user may change on their own account; anything else sent is ignored."""

    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)


class TokenObtainInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=1024)

    def validate(self, attrs):
        # Unknown email, wrong password and inactive account all get the same answer (no account probing).
        user = authenticate(self.context.get("request"), email=attrs["email"], password=attrs["password"])
        if user is None:
            raise exceptions.AuthenticationFailed(
                "No active account found with the given credentials.", code="no_active_account"
            )
        attrs["user"] = user
        return attrs


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class TokenRefreshInputSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class TokenRefreshOutputSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField(required=False, help_text="The rotated refresh token; the one sent is revoked.")


# --- password reset ---------------------------------------------------------------------------------


class PasswordResetInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmInputSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64, help_text="The `uidb64` part of the emailed link.")
    token = serializers.CharField(max_length=128, help_text="The `token` part of the emailed link.")
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=1024)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


# --- address book -----------------------------------------------------------------------------------


class AddressInputSerializer(ShippingAddressSerializer):
    """An address as in orders (the same fields and checks), and whether it is the default."""

    is_default = serializers.BooleanField(
        required=False, help_text="Make it the default (the old default stops being one)."
    )


class AddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = ["id", "name", "line1", "line2", "city", "postal_code", "country", "phone", "is_default"]
        read_only_fields = fields
