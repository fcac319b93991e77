from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language


def site(request):
    """Site-wide template variables."""
    return {
        "ZORGPAD_DEMO": settings.ZORGPAD_DEMO,
        "QUICK_EXIT_URL": settings.ZORGPAD_QUICK_EXIT_URL,
        # Only full pages show the switch: build it when a template asks.
        "talen": SimpleLazyObject(lambda: talen(request)),
    }


def talen(request):
    """The other languages, each with the address of this same page in it."""
    huidig = get_language()
    path = request.get_full_path()
    return [
        {"code": code, "naam": naam, "url": translate_url(path, code)}
        for code, naam in settings.LANGUAGES
        if code != huidig
    ]
