from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from .models import nagekeken_talen


def vertaling(request):
    """`vertaling_nieuw`: this page is in an added language whose
    translation no national editor has checked yet (no query on Dutch or
    English pages; see `nagekeken_talen`)."""
    return {"vertaling_nieuw": SimpleLazyObject(_vertaling_nieuw)}


def _vertaling_nieuw():
    taal = get_language()
    return taal in settings.ZORGPAD_PARENT_LANGUAGES and taal not in nagekeken_talen()
