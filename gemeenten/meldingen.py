"""Visitors' error reports: spam limits and creating the report.

No IP address is stored anywhere. The rate limit counts in Django's cache
under a key made from a keyed hash (HMAC with SECRET_KEY) of the address and
the current window, so the key cannot be turned back into an address without
the secret, and it expires with the window. A second limit per gemeente caps
a flood from many addresses.
"""

import hmac
import logging
import time
from hashlib import sha256

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Melding

logger = logging.getLogger(__name__)

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


def client_address(request):
    """The visitor's address as the nearest trusted proxy saw it: behind a
    proxy REMOTE_ADDR is the proxy's, shared by everyone."""
    hops = settings.ZORGPAD_PROXY_HOPS
    if hops:
        forwarded = [
            a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def te_vaak(request, gemeente):
    """Count this report; True when the visitor or the gemeente is over the limit."""
    window = int(time.time() // WINDOW)
    visitor = _count(_key("bezoeker", client_address(request), window))
    per_gemeente = _count(_key("gemeente", gemeente.pk, window))
    return visitor > PER_VISITOR or per_gemeente > PER_GEMEENTE


def maak_melding(request, gemeente, zorgpad, cleaned_data):
    """Store the report for the gemeente's officers and tell the gemeente's
    feedback address, if it has one."""
    melding = Melding.objects.create(
        gemeente=gemeente,
        zorgpad=zorgpad,
        organisatie_id=cleaned_data.get("organisatie"),
        bericht=cleaned_data["bericht"],
        email=cleaned_data.get("email", ""),
    )
    if gemeente.feedback_email:
        # After the commit: a slow or broken mail server can neither undo
        # nor delay storing the report.
        transaction.on_commit(lambda: _notify(request, melding))
    return melding


def _notify(request, melding):
    """A short e-mail with a link to the report; the visitor's own e-mail
    address stays in the back office, not in a mailbox."""
    link = request.build_absolute_uri(
        reverse("admin:gemeenten_melding_change", args=[melding.pk])
    )
    body = _(
        "Een bezoeker van Zorgpad meldt dat er iets niet klopt op de pagina "
        "%(pagina)s:\n\n%(bericht)s\n\nBekijk en handel de melding af: %(link)s"
    ) % {
        "pagina": melding.zorgpad or melding.gemeente,
        "bericht": melding.bericht,
        "link": link,
    }
    try:
        send_mail(
            _("Nieuwe melding over Zorgpad %(gemeente)s")
            % {"gemeente": melding.gemeente},
            body,
            None,
            [melding.gemeente.feedback_email],
        )
    except Exception:
        # SMTP down, refusing, slow (EMAIL_TIMEOUT) or misconfigured: the
        # report is stored and counted, the e-mail is a courtesy. Logged for
        # the operators; the visitor never sees it.
        logger.exception("Could not e-mail report %s", melding.pk)


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
