from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from gemeenten.views import tweestapsverificatie

urlpatterns = [
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
    # The accessibility and privacy statements.
    path("", include("redactie.urls")),
    prefix_default_language=False,
)

handler404 = "gemeenten.views.page_not_found"
