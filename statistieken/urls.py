from django.urls import path

from . import views

app_name = "statistieken"

urlpatterns = [
    path(
        "teller/<slug:gemeente_slug>/<int:aanbod_pk>/<slug:soort>/",
        views.klik,
        name="klik",
    ),
]
