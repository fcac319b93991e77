from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("beheer/", admin.site.urls),
    # Before the directory: /gemeente/<slug>/screening/ would otherwise be
    # read as a zorgpad called "screening".
    path("", include("screening.urls")),
    path("", include("gemeenten.urls")),
    path("", include("statistieken.urls")),
]

handler404 = "gemeenten.views.page_not_found"
