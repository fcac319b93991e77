"""The screening's addresses, all below /gemeente/<slug>/ (zorgpad/urls.py)."""

from django.urls import path, register_converter

from . import views
from .meenemen import CodeConverter

register_converter(CodeConverter, "lijstcode")

app_name = "screening"

urlpatterns = []

gemeente_routes = [
    path("screening/", views.screening, name="start"),
    path("screening/folder/", views.folder, name="folder"),
    path("lijst/<lijstcode:code>/", views.lijst, name="lijst"),
    # The old take-home links named the topics; they redirect to the code.
    path("mee/<str:paden>/", views.mee, name="mee"),
]
