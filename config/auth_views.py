"""Account security pages: two-factor set-up and verification, the overview page.

A TOTP device starts unconfirmed; it is confirmed (and the session verified)
only once the person types a code their app shows, so a half-finished set-up
never locks anyone out.
"""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from config import throttle
from config.api_tokens import may_hold_api_keys
from config.security import second_factor_required


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Six-digit code"),
        max_length=6,
        min_length=6,
        strip=True,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError(gettext_lazy("The code has six digits."))
        return code


def _next_url(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(
        user=user, name=_("Authenticator app"), confirmed=False
    )


def _grouped_key(device: TOTPDevice) -> str:
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
@login_required
@sensitive_post_parameters("code")
def two_factor_setup(request):
    """Show a QR code and the key; a correct code from the app confirms the device."""
    if any(devices_for_user(request.user, confirmed=True)):
        return redirect("account-security")
    device = _pending_device(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect(_next_url(request, "account-security"))
        form.add_error("code", _("That code is not right. Type the code your app shows now."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(scale=5, title=_("QR code for your authenticator app")),
        "key": _grouped_key(device),
        "next": _next_url(request, ""),
        "required": second_factor_required(request.user),
    }
    return render(request, "account/two_factor_setup.html", context)


@never_cache
@login_required
@sensitive_post_parameters("code")
def two_factor_verify(request):
    """Ask for the code of a confirmed device after the password was right."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not any(devices_for_user(request.user, confirmed=True)):
        return redirect("two-factor-setup")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _(
                "That code is not right. Wait for a new code in your app and type it; "
                "after several wrong codes you must wait a little longer each time."
            ),
        )
    return render(
        request, "account/two_factor_verify.html", {"form": form, "next": _next_url(request, "")}
    )


@never_cache
@login_required
@sensitive_post_parameters("code")
def account_security(request):
    """Two-factor status and the way to switch it on or (with a code) off."""
    devices = list(devices_for_user(request.user, confirmed=True))
    required = second_factor_required(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and devices and not required and form.is_valid():
        if match_token(request.user, form.cleaned_data["code"]) is not None:
            TOTPDevice.objects.filter(user=request.user).delete()
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("account-security")
        form.add_error("code", _("That code is not right. Type the code your app shows now."))
    context = {
        "has_device": bool(devices),
        "required": required,
        "form": form,
        "may_hold_api_keys": may_hold_api_keys(request.user),
    }
    return render(request, "account/security.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, counted per client address and per e-mail asked for.

    Each request may send an e-mail; unlimited, it lets anyone flood a mailbox or
    probe many addresses. Over a limit the visitor gets the translated 429 page and
    nothing is sent. The form page itself (GET) is not counted.
    """

    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "").strip().lower()
        wait = throttle.too_many(
            request,
            scope="password-reset",
            secret=email,
            per_secret=settings.PASSWORD_RESET_RATE_PER_EMAIL,
            per_address=settings.PASSWORD_RESET_RATE_PER_ADDRESS,
            window=settings.PASSWORD_RESET_RATE_WINDOW_SECONDS,
        )
        if wait is not None:
            return throttle.refusal_page(request, wait)
        return super().post(request, *args, **kwargs)
