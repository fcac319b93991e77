from django.urls import path

from . import views

app_name = "redactie"

urlpatterns = [
    path(
        "toegankelijkheid/",
        views.verklaring,
        {"soort": "toegankelijkheid"},
        name="toegankelijkheid",
    ),
    path("privacy/", views.verklaring, {"soort": "privacy"}, name="privacy"),
]
