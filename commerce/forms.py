"""Forms of the shopper pages. They check input types; the rules are the services'."""

import uuid

from django import forms

from storefront.addresses import CountryField, autocomplete, filled


class AddToCartForm(forms.Form):
    product = forms.CharField(max_length=220)
    variant = forms.CharField(max_length=64, required=False)  # the chosen variant's SKU (products with several)
    quantity = forms.IntegerField(min_value=1, max_value=10_000, initial=1)


class CouponForm(forms.Form):
    code = forms.CharField(max_length=64, label="Coupon code")


class CartItemForm(forms.Form):
    quantity = forms.IntegerField(min_value=0, max_value=10_000, help_text="0 removes the line.")


class CheckoutForm(forms.Form):
    email = forms.EmailField(widget=autocomplete("email", forms.EmailInput))
    name = forms.CharField(max_length=200, label="Full name", widget=autocomplete("name"))
    line1 = forms.CharField(max_length=200, label="Address", widget=autocomplete("address-line1"))
    line2 = forms.CharField(
        max_length=200, required=False, label="Address line 2", widget=autocomplete("address-line2")
    )
    city = forms.CharField(max_length=100, widget=autocomplete("address-level2"))
    postal_code = forms.CharField(max_length=20, label="Postal code", widget=autocomplete("postal-code"))
    # Stored and sent to the API as the ISO 3166-1 alpha-2 code; shoppers pick the name.
    country = CountryField(widget=autocomplete("country", forms.Select))
    phone = forms.CharField(max_length=40, required=False, widget=autocomplete("tel", forms.TelInput))
    cart = forms.UUIDField(widget=forms.HiddenInput)
    # Chosen when the form is shown: submitting twice (double click, reload) places one order.
    idempotency_key = forms.CharField(max_length=255, widget=forms.HiddenInput, initial=lambda: str(uuid.uuid4()))

    def full_clean(self):
        super().full_clean()
        # The page comes back with the cursor in the first field to fix, without any script.
        invalid = [field for name, field in self.fields.items() if name in self.errors and not field.widget.is_hidden]
        if invalid:
            invalid[0].widget.attrs["autofocus"] = True

    def shipping_address(self) -> dict:
        return filled(self.cleaned_data)
