"""Forms of the shopper pages. They check input types; the rules are the services'."""

import uuid

from django import forms

from commerce.countries import ISO_3166_ALPHA2


class AddToCartForm(forms.Form):
    product = forms.CharField(max_length=220)
    quantity = forms.IntegerField(min_value=1, max_value=10_000, initial=1)


class CouponForm(forms.Form):
    code = forms.CharField(max_length=64, label="Coupon code")


class CartItemForm(forms.Form):
    quantity = forms.IntegerField(min_value=0, max_value=10_000, help_text="0 removes the line.")


class CheckoutForm(forms.Form):
    email = forms.EmailField()
    name = forms.CharField(max_length=200, label="Full name")
    line1 = forms.CharField(max_length=200, label="Address")
    line2 = forms.CharField(max_length=200, required=False, label="Address line 2")
    city = forms.CharField(max_length=100)
    postal_code = forms.CharField(max_length=20, label="Postal code")
    country = forms.CharField(min_length=2, max_length=2, help_text="Two-letter code, e.g. US, DE, GB.")
    phone = forms.CharField(max_length=40, required=False)
    cart = forms.UUIDField(widget=forms.HiddenInput)
    # Chosen when the form is shown: submitting twice (double click, reload) places one order.
    idempotency_key = forms.CharField(max_length=255, widget=forms.HiddenInput, initial=lambda: str(uuid.uuid4()))

    def clean_country(self):
        code = self.cleaned_data["country"].upper()
        if code not in ISO_3166_ALPHA2:
            raise forms.ValidationError("Enter a two-letter ISO country code, e.g. US.")
        return code

    def shipping_address(self) -> dict:
        fields = ("name", "line1", "line2", "city", "postal_code", "country", "phone")
        return {field: self.cleaned_data[field] for field in fields if self.cleaned_data.get(field)}
