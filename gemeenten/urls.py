"""The directory's addresses. `gemeente_routes` are below /gemeente/<slug>/;
zorgpad/urls.py mounts them, after every fixed segment of other apps."""

from django.urls import path

from . import views

app_name = "gemeenten"

urlpatterns = [
    path("", views.home, name="home"),
]

gemeente_routes = [
    path("", views.gemeente, name="gemeente"),
    path("<slug:zorgpad_slug>/", views.zorgpad, name="zorgpad"),
    path("<slug:zorgpad_slug>/melding/", views.melding, name="melding"),
]
