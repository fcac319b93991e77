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
    # Before the directory: /gemeente/<slug>/screening/ would otherwise be
    # read as a zorgpad called "screening".
    path("", include("screening.urls")),
    path("", include("opendata.urls")),  # /api/hsds/ and the downloads
    path("", include("gemeenten.urls")),
]

handler404 = "gemeenten.views.page_not_found"
