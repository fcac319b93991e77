"""The counting endpoint for contact clicks.

A contact link keeps its real target (`tel:`, `mailto:`, `https:`) in
`href`; its `ping` attribute (or, with JavaScript, a beacon) POSTs here.
CSRF protection is off on purpose: the endpoint reads no cookie-borne
authority and changes nothing but an anonymous counter for an offer that is
really shown in that gemeente, so a forged request can do no more than any
visitor's click. It answers 204; 404 for anything it does not know, 405 for
anything but POST, 429 past the flood guard: never an error of its own.
"""

from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from gemeenten.directory import published_gemeente_or_404
from gemeenten.models import Aanbod

from . import counting
from .models import CONTACT_SOORTEN
from .ratelimit import Limiter

# Per process and per (gemeente, offer, kind): a flood from a script can
# inflate one contact's count by at most this much a minute; no visitor data
# is kept.
CLICKS_PER_MINUTE = 60
click_limiter = Limiter(per_minute=CLICKS_PER_MINUTE)
# A bigger number in the URL would be a database error (500), not a 404.
MAX_PK = 2**63 - 1


@csrf_exempt
@require_POST
@never_cache
def klik(request, gemeente_slug, aanbod_pk, soort):
    if soort not in CONTACT_SOORTEN or aanbod_pk > MAX_PK:
        raise Http404
    gemeente = published_gemeente_or_404(gemeente_slug)
    # Only an offer this gemeente's page shows, with this kind of contact.
    zorgpad_pk = (
        Aanbod.objects.voor_gemeente(gemeente)
        .filter(pk=aanbod_pk)
        .exclude(**{f"organisatie__{soort}": ""})
        .values_list("zorgpad", flat=True)
        .first()
    )
    if zorgpad_pk is None:
        raise Http404
    if not click_limiter.allow((gemeente.pk, aanbod_pk, soort)):
        return HttpResponse(status=429)
    counting.record_visit(request, soort, gemeente, zorgpad_pk)
    return HttpResponse(status=204)
