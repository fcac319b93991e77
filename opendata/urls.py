"""The HSDS API under /api/hsds/, and the per-gemeente downloads beside the
gemeente's pages (`gemeente_routes`, below /gemeente/<slug>/). Both are
mounted by zorgpad/urls.py in one namespace, outside the language prefix."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("api/hsds/", views.root, name="root"),
    path("api/hsds/services", views.services, name="services"),
    path("api/hsds/services/<str:id>", views.service, name="service"),
    path(
        "api/hsds/service_at_locations",
        views.service_at_locations,
        name="service_at_locations",
    ),
    path(
        "api/hsds/service_at_locations/<str:id>",
        views.service_at_location,
        name="service_at_location",
    ),
    path("api/hsds/organizations", views.organizations, name="organizations"),
    path("api/hsds/organizations/<str:id>", views.organization, name="organization"),
    path("api/hsds/taxonomies", views.taxonomies, name="taxonomies"),
    path("api/hsds/taxonomies/<str:id>", views.taxonomy, name="taxonomy"),
    path("api/hsds/taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("api/hsds/taxonomy_terms/<str:id>", views.taxonomy_term, name="taxonomy_term"),
]

gemeente_routes = [
    path("open-data.json", views.gemeente_json, name="gemeente_json"),
    path("open-data.csv", views.gemeente_csv, name="gemeente_csv"),
]
