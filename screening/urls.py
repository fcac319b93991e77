from django.urls import path, register_converter

from . import views
from .meenemen import CodeConverter

register_converter(CodeConverter, "lijstcode")

app_name = "screening"

urlpatterns = [
    path("gemeente/<slug:gemeente_slug>/screening/", views.screening, name="start"),
    path(
        "gemeente/<slug:gemeente_slug>/lijst/<lijstcode:code>/",
        views.lijst,
        name="lijst",
    ),
    # The old take-home links named the topics; they redirect to the code.
    path("gemeente/<slug:gemeente_slug>/mee/<str:paden>/", views.mee, name="mee"),
]
