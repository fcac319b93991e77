from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from gemeenten.views import tweestapsverificatie
from zorgpad import health

urlpatterns = [
    # For load balancers: no language prefix, never counted or cached.
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path(
        "beheer/tweestapsverificatie/",
        admin.site.admin_view(tweestapsverificatie),
        name="tweestapsverificatie",
    ),
    path("beheer/", admin.site.urls),
    # Open data is the same in every language: /api/hsds/ and the downloads.
    path("", include("opendata.urls")),
    # Counting a contact click (ping or beacon): no page, no language.
    path("", include("statistieken.urls")),
]

# Dutch without a prefix, other languages under /en/ and so on.
urlpatterns += i18n_patterns(
    # Before the directory: /gemeente/<slug>/screening/ would otherwise be
    # read as a zorgpad called "screening".
    path("", include("screening.urls")),
    path("", include("gemeenten.urls")),
    prefix_default_language=False,
)

handler404 = "gemeenten.views.page_not_found"
