"""Forms of the account pages. They check input types; the rules are the services'."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator

from accounts.models import Address
from storefront.addresses import CountryField, autocomplete


class ServiceErrorsMixin:
    """Show a service's InvalidInput on the field it names (``attr``), or above the form; the page comes back with
    the cursor in the first field to fix, without any script."""

    def add_service_error(self, error) -> None:
        field = error.attr if error.attr in self.fields else None
        self.add_error(field, error.detail)
        self._focus_first_error()

    def full_clean(self):
        super().full_clean()
        self._focus_first_error()

    def _focus_first_error(self) -> None:
        invalid = [field for name, field in self.fields.items() if name in self.errors and not field.widget.is_hidden]
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)
        if invalid:
            invalid[0].widget.attrs["autofocus"] = True


PASSWORD_HELP = "At least 8 characters; not only digits, not a common password, not like your email or name."  # noqa: S105 - help text
MAX_PASSWORD_LENGTH = 1024  # as in the API: hashing a huge password is a DoS


class SignupForm(ServiceErrorsMixin, forms.Form):
    email = forms.EmailField(max_length=254, label="Email address", widget=autocomplete("email", forms.EmailInput))
    first_name = forms.CharField(max_length=150, required=False, label="First name", widget=autocomplete("given-name"))
    last_name = forms.CharField(max_length=150, required=False, label="Last name", widget=autocomplete("family-name"))
    # Not stripped: spaces are part of a password. Bounded, as in the API: hashing a huge password is a DoS.
    password = forms.CharField(
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
    )
    password_again = forms.CharField(
        max_length=1024,
        strip=False,
        label="Password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password_again") not in (None, cleaned["password"]):
            self.add_error("password_again", "The two passwords differ.")
        return cleaned


class AddressForm(ServiceErrorsMixin, forms.ModelForm):
    """An address of the book: the checkout form's fields (same labels, lengths, autocomplete tokens)."""

    country = CountryField(widget=autocomplete("country", forms.Select))

    class Meta:
        model = Address
        fields = ["name", "line1", "line2", "city", "postal_code", "country", "phone", "is_default"]
        labels = {"is_default": "Use as my default address"}
        widgets = {
            "name": autocomplete("name"),
            "line1": autocomplete("address-line1"),
            "line2": autocomplete("address-line2"),
            "city": autocomplete("address-level2"),
            "postal_code": autocomplete("postal-code"),
            "phone": autocomplete("tel", forms.TelInput),
        }

    def _post_clean(self):
        # The service validates and saves (it owns the default rule); the ModelForm only checks the input.
        pass


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Email address", widget=autocomplete("email", forms.EmailInput))


class PasswordChangeForm(ServiceErrorsMixin, auth_forms.PasswordChangeForm):
    """Django's form (the current password checked, the new one validated and typed twice) with this site's
    labels, help and the password length bound, checked before the current password is hashed."""

    LABELS = {
        "old_password": "Current password",
        "new_password1": "New password",
        "new_password2": "New password again",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.label = self.LABELS[name]
            field.max_length = MAX_PASSWORD_LENGTH
            field.validators.append(MaxLengthValidator(MAX_PASSWORD_LENGTH))
        self.fields["new_password1"].help_text = PASSWORD_HELP  # one line, as on the sign-up page
        self.fields["new_password2"].help_text = ""
