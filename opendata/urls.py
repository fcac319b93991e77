"""The HSDS API under /api/hsds/, and the per-gemeente downloads beside the
gemeente's pages (`gemeente_routes`, below /gemeente/<slug>/). Both are
mounted by zorgpad/urls.py in one namespace, outside the language prefix."""

from django.urls import include, path

from . import views

app_name = "opendata"

# One prefix, so that every other address (a gemeente's pages) is turned
# away by one pattern instead of being tried against each of the API's.
api_routes = [
    path("", views.root, name="root"),
    path("services", views.services, name="services"),
    path("services/<str:id>", views.service, name="service"),
    path(
        "service_at_locations",
        views.service_at_locations,
        name="service_at_locations",
    ),
    path(
        "service_at_locations/<str:id>",
        views.service_at_location,
        name="service_at_location",
    ),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:id>", views.organization, name="organization"),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:id>", views.taxonomy, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", views.taxonomy_term, name="taxonomy_term"),
]
urlpatterns = [path("api/hsds/", include(api_routes))]

gemeente_routes = [
    path("open-data.json", views.gemeente_json, name="gemeente_json"),
    path("open-data.csv", views.gemeente_csv, name="gemeente_csv"),
]
