from django.conf import settings


def site(request):
    """Site-wide template variables."""
    return {
        "ZORGPAD_DEMO": settings.ZORGPAD_DEMO,
        "QUICK_EXIT_URL": settings.ZORGPAD_QUICK_EXIT_URL,
    }
