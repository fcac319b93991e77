from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("", include("gemeenten.urls")),
]

handler404 = "gemeenten.views.page_not_found"
