from django.urls import path

from . import views

app_name = "gemeenten"

urlpatterns = [
    path("", views.home, name="home"),
    path("gemeente/<slug:gemeente_slug>/", views.gemeente, name="gemeente"),
    path(
        "gemeente/<slug:gemeente_slug>/<slug:zorgpad_slug>/",
        views.zorgpad,
        name="zorgpad",
    ),
    path(
        "gemeente/<slug:gemeente_slug>/<slug:zorgpad_slug>/melding/",
        views.melding,
        name="melding",
    ),
]
