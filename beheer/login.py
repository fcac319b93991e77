"""Back-office login: an authenticator-app code for officers who set one up
(django-otp, TOTP), and the hook that keeps IP addresses out of django-axes.

Two-factor login is an option per user: who has a confirmed TOTP device must
type its code on the admin login page; the others log in with a password.
The admin login page is the only way into the back office, so checking the
code there is enough.
"""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token


def no_client_ip(request):
    """django-axes would store the client's IP address with each failed
    attempt; we store none and lock out by username instead."""
    return None


class OTPAdminLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("Code uit je authenticator-app"),
        required=False,
        max_length=8,
        help_text=_("Alleen als je tweestapsverificatie hebt ingesteld."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "otp_required": _(
            "Vul ook de code uit je authenticator-app in (tweestapsverificatie)."
        ),
        "otp_invalid": _(
            "Deze code klopt niet of is verlopen. Probeer de nieuwe code."
        ),
    }

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not list(devices_for_user(user, confirmed=True)):
            return cleaned
        token = (self.cleaned_data.get("otp_token") or "").replace(" ", "")
        if not token:
            raise forms.ValidationError(
                self.error_messages["otp_required"], code="otp_required"
            )
        device = match_token(user, token)
        if device is None:
            raise forms.ValidationError(
                self.error_messages["otp_invalid"], code="otp_invalid"
            )
        # django-otp marks the session verified on login from this attribute.
        user.otp_device = device
        return cleaned


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit je authenticator-app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _(
                    "Deze code klopt niet. Controleer de tijd op je telefoon en "
                    "vul de nieuwe code in."
                )
            )
        return token


def setup_device(user):
    """The user's TOTP device: the confirmed one, or a new unconfirmed one
    with a fresh secret that is shown once during set-up."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed:
        return confirmed
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=False
    )


def secret_for_display(device):
    """The base32 secret in groups of four, as authenticator apps ask for it."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
