"""The screening's addresses, all below /gemeente/<slug>/ (zorgpad/urls.py)."""

from django.urls import path

from . import views

app_name = "screening"

urlpatterns = []

gemeente_routes = [
    path("screening/", views.screening, name="start"),
    path("screening/folder/", views.folder, name="folder"),
    path("mee/<str:paden>/", views.mee, name="mee"),
]
