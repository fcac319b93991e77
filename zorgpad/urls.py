"""The site's URL map, and the one owner of /gemeente/<slug>/…: the
directory, the screening and the open-data downloads each list their routes
below that prefix (`gemeente_routes` in their urls.py) and they are mounted
here, in one place, with the prefix written once (zorgpad/routes.py).

The directory's zorgpad pages, /gemeente/<slug>/<zorgpad>/, take any first
segment; they come after the fixed ones (screening/, mee/…), and a zorgpad
may not be named after a fixed segment (routes.reserved_zorgpad_slugs())."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from beheer.autocomplete import AutocompleteView
from beheer.dekking_admin import dekking_view
from beheer.views import tweestapsverificatie
from gemeenten import urls as directory
from opendata import urls as opendata
from screening import urls as screening

from . import health
from .routes import GEMEENTE


def app(urls):
    """An app's URL namespace: its own routes, then those under /gemeente/<slug>/."""
    routes = [*urls.urlpatterns, path(GEMEENTE, include(urls.gemeente_routes))]
    return path("", include((routes, urls.app_name)))


urlpatterns = [
    # For load balancers: no language prefix, never counted or cached.
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path(
        "beheer/tweestapsverificatie/",
        admin.site.admin_view(tweestapsverificatie),
        name="tweestapsverificatie",
    ),
    path("beheer/dekking/", admin.site.admin_view(dekking_view), name="dekking"),
    # Before the admin's own route of the same address (see the module).
    path(
        "beheer/autocomplete/",
        admin.site.admin_view(AutocompleteView.as_view(admin_site=admin.site)),
    ),
    path("beheer/", admin.site.urls),
    # Open data is the same in every language: /api/hsds/ and a gemeente's
    # downloads (/gemeente/<slug>/open-data.json and .csv).
    app(opendata),
    # Counting a contact click (ping or beacon): no page, no language.
    path("", include("statistieken.urls")),
]

# Dutch without a prefix, other languages under /en/ and so on.
urlpatterns += i18n_patterns(
    # Fixed segments (screening/, mee/<paden>/) before the zorgpad pages.
    app(screening),
    # The home page, a gemeente's overview and its zorgpad pages.
    app(directory),
    # The accessibility and privacy statements.
    path("", include("redactie.urls")),
    prefix_default_language=False,
)

handler404 = "gemeenten.views.page_not_found"
# Static, without the database; a 503 while the database is unreachable.
handler500 = "zorgpad.errors.server_error"
