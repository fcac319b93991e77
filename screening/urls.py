from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("gemeente/<slug:gemeente_slug>/screening/", views.screening, name="start"),
    path("gemeente/<slug:gemeente_slug>/mee/<str:paden>/", views.mee, name="mee"),
]
