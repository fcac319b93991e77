"""Back-office pages outside the ModelAdmins: setting up two-step verification."""

import django_otp
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import login


def tweestapsverificatie(request):
    """Set up (or remove) the authenticator app for the logged-in back-office
    user. Wrapped in admin_view in zorgpad/urls.py: staff only, CSRF, no cache."""
    device = login.setup_device(request.user)
    form = login.TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        if device.confirmed:
            device.delete()  # the current code proves it is the owner
            messages.success(request, _("Tweestapsverificatie staat uit."))
        else:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            messages.success(request, _("Tweestapsverificatie staat aan."))
        return redirect("admin:index")
    context = {
        **admin.site.each_context(request),
        "title": _("Tweestapsverificatie"),
        "device": device,
        "secret": None if device.confirmed else login.secret_for_display(device),
        "config_url": None if device.confirmed else device.config_url,
        "form": form,
    }
    return render(request, "admin/tweestapsverificatie.html", context)
