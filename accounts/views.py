"""Browser pages of shopper accounts (session auth): sign-in, sign-up, sign-out, password reset and change, the
address book (a shopper's order history is commerce's: commerce.views, under /accounts/orders/). Thin, like the API:
they check the form, call the same services and selectors, and turn domain errors into form errors. Every form
is CSRF-protected; sign-in, sign-up, password reset and change share the API's throttles (the same counters)."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.forms import PASSWORD_HELP, AddressForm, PasswordChangeForm, PasswordResetRequestForm, SignupForm
from accounts.throttles import PasswordResetAccountThrottle, PasswordResetIPThrottle, RegisterThrottle, sign_in_wait
from accounts.throttles import throttle_wait as _throttle_wait
from storefront.errors import InvalidInput, NotFound
from storefront.public_urls import base_url

# Sent to every visitor who asks for a reset, whether or not the address has an account.
RESET_SENT = "If an account has this email address, we have sent it a link to choose a new password."


def _throttled(request, template: str, context: dict, wait: int) -> TemplateResponse:
    context = {**context, "throttled": f"Too many attempts. Try again in {wait} seconds."}
    response = TemplateResponse(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


# --- Sign-in, sign-up, sign-out -------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    next_page = "/"
    throttle_email_field = "username"  # Django's AuthenticationForm calls the email field "username"

    def post(self, request, *args, **kwargs):
        wait = sign_in_wait(request, self)
        if wait is None:
            return super().post(request, *args, **kwargs)
        # The same counters as POST /api/v1/auth/token/, so switching from API to form gains no attempts.
        # An unbound form: validating the posted one would check the password and answer whether it was right.
        form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
        message = f"Too many sign-in attempts. Try again in {wait} seconds."
        response = self.render_to_response(self.get_context_data(form=form, throttled=message), status=429)
        response["Retry-After"] = str(wait)
        return response


class LogoutView(auth_views.LogoutView):
    # Django's LogoutView only accepts POST: a link or an image tag must not sign anyone out.
    next_page = "/"


@sensitive_post_parameters("password", "password_again")
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    """Create a shopper account (the API's register service), sign it in; the guest cart merges on sign-in."""
    if request.user.is_authenticated:
        return redirect("/")
    template = "accounts/signup.html"
    context = {"next": _safe_next(request) or ""}
    if request.method == "GET":
        return TemplateResponse(request, template, {**context, "form": SignupForm()})
    form = SignupForm(request.POST)
    wait = _throttle_wait(request, SimpleNamespace(), (RegisterThrottle,))
    if wait is not None:
        unbound = SignupForm(initial={"email": request.POST.get("email", "")})
        return _throttled(request, template, {**context, "form": unbound}, wait)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_user(
                email=data["email"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except InvalidInput as error:
            form.add_service_error(error)
        else:
            # Django's login sends user_logged_in: commerce merges the session's guest cart into the account.
            login(request, user)
            messages.success(request, "Welcome! Your account has been created.")
            return redirect(_safe_next(request) or "/")
    return TemplateResponse(request, template, {**context, "form": form}, status=400)


def _safe_next(request) -> str | None:
    """The ``next`` the visitor asked for, if it stays on this site (never an open redirect)."""
    target = request.POST.get("next") or request.GET.get("next")
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if target and allowed else None


# --- Password reset -------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request):
    """Ask for a reset link. Every well-formed request ends on the same page, account or not."""
    template = "accounts/password_reset.html"
    if request.method == "GET":
        return TemplateResponse(request, template, {"form": PasswordResetRequestForm()})
    form = PasswordResetRequestForm(request.POST)
    view = SimpleNamespace(throttle_email_field="email")
    wait = _throttle_wait(request, view, (PasswordResetIPThrottle, PasswordResetAccountThrottle))
    if wait is not None:
        return _throttled(request, template, {"form": PasswordResetRequestForm(initial=request.POST)}, wait)
    if not form.is_valid():
        return TemplateResponse(request, template, {"form": form}, status=400)
    services.request_password_reset(email=form.cleaned_data["email"], base_url=base_url(request))
    return redirect("accounts:password-reset-done")


@require_http_methods(["GET"])
def password_reset_done(request):
    return TemplateResponse(request, "accounts/password_reset_done.html", {"message": RESET_SENT})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's link handling (the token moves from the URL into the session before the form shows, so it never
    leaks in a Referer), with the new password set by ``services.confirm_password_reset``."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def get_user(self, uidb64):
        return services.user_for_password_reset(uid=uidb64)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["new_password1"].help_text = PASSWORD_HELP  # one line, as on the sign-up page
        return form

    def post(self, request, *args, **kwargs):
        wait = _throttle_wait(request, self, (PasswordResetIPThrottle,))
        if wait is not None:
            return _throttled(request, self.template_name, self.get_context_data(form=self.get_form()), wait)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: SetPasswordForm):
        token = self.request.session.get(auth_views.INTERNAL_RESET_SESSION_TOKEN, "")
        try:
            services.confirm_password_reset(
                uid=self.kwargs["uidb64"], token=token, password=form.cleaned_data["new_password1"]
            )
        except InvalidInput as error:
            form.add_error("new_password2" if error.attr == "password" else None, error.detail)
            return self.form_invalid(form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())


@require_http_methods(["GET"])
def password_reset_complete(request):
    return TemplateResponse(request, "accounts/password_reset_complete.html", {})


# --- Password change (signed in) ------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page: sign-in required, CSRF-protected, the current password checked; the new one signs out the
    user's other sessions and API clients (accounts.receivers) and keeps this session signed in."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password-change")

    def post(self, request, *args, **kwargs):
        # Each attempt tests the current password, so it counts as a sign-in attempt: the same per-IP and
        # per-account counters as the sign-in page and the API, so switching between them gains no guesses.
        wait = sign_in_wait(request, SimpleNamespace(throttle_email=request.user.email))
        if wait is None:
            return super().post(request, *args, **kwargs)
        # An unbound form: validating the posted one would check the password and answer whether it was right.
        context = self.get_context_data(form=self.get_form_class()(request.user))
        return _throttled(request, self.template_name, context, wait)

    def form_valid(self, form):
        response = super().form_valid(form)  # saves and update_session_auth_hash()
        messages.success(self.request, "Your password has been changed.")
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- Address book ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def address_list(request):
    addresses = selectors.addresses_of(user=request.user)
    return TemplateResponse(request, "accounts/address_list.html", {"addresses": addresses})


@login_required
@require_http_methods(["GET", "POST"])
def address_add(request):
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_address(user=request.user, **form.cleaned_data)
        except InvalidInput as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Address saved.")
            return redirect("accounts:addresses")
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "accounts/address_form.html", {"form": form, "adding": True}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request, address_id: int):
    address = _address_or_404(request, address_id)
    form = AddressForm(request.POST or None, instance=address)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_address(user=request.user, address_id=address.pk, **form.cleaned_data)
        except NotFound as error:  # deleted meanwhile (another tab)
            raise Http404(error.detail) from error
        except InvalidInput as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Address saved.")
            return redirect("accounts:addresses")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "adding": False, "address": address}
    return TemplateResponse(request, "accounts/address_form.html", context, status=status)


@login_required
@require_POST
def address_delete(request, address_id: int):
    try:
        services.delete_address(user=request.user, address_id=address_id)
    except NotFound as error:
        raise Http404(error.detail) from error
    messages.success(request, "Address removed.")
    return redirect("accounts:addresses")


@login_required
@require_POST
def address_make_default(request, address_id: int):
    try:
        services.update_address(user=request.user, address_id=address_id, is_default=True)
    except NotFound as error:
        raise Http404(error.detail) from error
    messages.success(request, "Default address changed.")
    return redirect("accounts:addresses")


def _address_or_404(request, address_id: int):
    try:
        return selectors.address_of(user=request.user, address_id=address_id)
    except NotFound as error:
        raise Http404(error.detail) from error
