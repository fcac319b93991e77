"""Visitors' error reports: spam limits and creating the report.

No IP address is stored anywhere. The rate limit counts in Django's cache
under a key made from a keyed hash (HMAC with SECRET_KEY) of the address and
the current window, so the key cannot be turned back into an address without
the secret, and it expires with the window. A second limit per gemeente caps
a flood from many addresses.
"""

import hmac
import time
from hashlib import sha256

from django.conf import settings
from django.core.cache import cache

from .models import Melding

WINDOW = 60 * 60  # seconds
PER_VISITOR = 5  # reports per window from one address
PER_GEMEENTE = 30  # reports per window for one gemeente, from anywhere


def _key(kind, value, window):
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}:{window}".encode(), sha256
    ).hexdigest()[:32]
    return f"melding-limiet:{kind}:{digest}"


def _count(key):
    """Add one to a counter that lives for one window; returns the new count."""
    if cache.add(key, 1, timeout=WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW)
        return 1


def te_vaak(request, gemeente):
    """Count this report; True when the visitor or the gemeente is over the limit."""
    window = int(time.time() // WINDOW)
    address = request.META.get("REMOTE_ADDR", "")
    visitor = _count(_key("bezoeker", address, window))
    per_gemeente = _count(_key("gemeente", gemeente.pk, window))
    return visitor > PER_VISITOR or per_gemeente > PER_GEMEENTE


def maak_melding(gemeente, zorgpad, cleaned_data):
    organisatie_id = cleaned_data.get("organisatie")
    return Melding.objects.create(
        gemeente=gemeente,
        zorgpad=zorgpad,
        organisatie_id=organisatie_id,
        bericht=cleaned_data["bericht"],
        email=cleaned_data.get("email", ""),
    )


def same_origin(request):
    """The POST comes from a page of this site: the browser's Origin header
    (or, when a browser sends none, the Referer) names our own host.

    This is the check Django's CSRF middleware starts with; the public form
    relies on it instead of a token so the path pages set no cookie."""
    own = f"{request.scheme}://{request.get_host()}"
    trusted = {own, *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in trusted
    referer = request.headers.get("Referer", "")
    return any(referer.startswith(o + "/") for o in trusted)
