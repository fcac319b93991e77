"""The open-data API (HSDS 3.1) and the per-gemeente downloads.

Read-only public data that every visitor can already see, so responses may
be cached by anyone for a few minutes and read by any web site
(`Access-Control-Allow-Origin: *`: no cookies or credentials are involved).
"""

from functools import partial, wraps

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from gemeenten.directory import published_gemeente_or_404
from gemeenten.models import Zorgpad
from zorgpad import cache

from . import downloads, hsds, queries
from .ids import pk_from_id
from .queries import BadRequest, Filters

# Officers' edits reach reusers within five minutes (our own cache of these
# responses is fresh at once: zorgpad/cache.py).
MAX_AGE = 300
# What the API reads from a query string; other parameters are served but
# not cached.
API_PARAMS = [
    "gemeente", "taxonomy_term_id", "zorgpad", "taxonomy_id", "organization_id",
    "modified_after", "search", "full", "page", "per_page",
]  # fmt: skip


def _public(response):
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


NUMBERS = ("page", "per_page")


def _canonical_numbers(view):
    """`?page=01` is `?page=1`: one stored answer, not one per way of
    writing the number (made-up variants would each be built anew)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        written = {name: request.GET.get(name) for name in NUMBERS}
        canonical = {
            name: str(int(value))
            for name, value in written.items()
            if value and queries.WHOLE_NUMBER.fullmatch(value)
        }
        if any(written[name] != value for name, value in canonical.items()):
            params = request.GET.copy()
            for name, value in canonical.items():
                params.setlist(name, [value])
            params._mutable = False
            request.GET = params
        return view(request, *args, **kwargs)

    return wrapper


def api(view):
    """A view that returns a dict (200), None (404) or raises BadRequest (400),
    always as JSON: never the site's HTML error pages."""

    # Read-only and cookie-free: a POST is a 405, not a CSRF 403.
    @csrf_exempt
    @require_safe
    @_canonical_numbers
    @cache.cached_page(cache.opendata_scopes, params=API_PARAMS)
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            data = view(request, *args, **kwargs)
        except BadRequest as error:
            response = JsonResponse({"detail": str(error)}, status=400)
        else:
            if data is None:
                response = JsonResponse({"detail": "Not found."}, status=404)
            else:
                response = _public(
                    JsonResponse(data, json_dumps_params={"ensure_ascii": False})
                )
        return response  # CORS: opendata/middleware.py, for every /api/hsds/ answer

    return wrapper


@api
def root(request):
    return hsds.root()


@api
def services(request):
    """?full=true nests everything, as /services/{id} does: a reuser can
    copy all of it in a few requests (three more queries per page)."""
    filters = Filters.from_params(request.GET)
    full = queries.flag(request.GET, "full")
    qs = queries.services(filters)
    qs = queries.with_areas(qs) if full else qs
    return queries.paginate(qs, request.GET, partial(hsds.service, full=full))


@api
def service(request, id):
    pk = pk_from_id("service", id)
    qs = queries.with_areas(queries.services(Filters()).filter(pk=pk))
    aanbod = qs.first() if pk else None
    return aanbod and hsds.service(aanbod, full=True)


@api
def service_at_locations(request):
    filters = Filters.from_params(request.GET)
    return queries.paginate(
        queries.service_at_locations(filters),
        request.GET,
        lambda aanbod: hsds.service_at_location(aanbod, address=False),
    )


@api
def service_at_location(request, id):
    pk = pk_from_id("service_at_location", id)
    qs = queries.with_gemeenten(queries.service_at_locations(Filters()).filter(pk=pk))
    aanbod = qs.first() if pk else None
    return aanbod and hsds.service_at_location(aanbod, with_service=True)


@api
def organizations(request):
    filters = Filters.from_params(request.GET)
    return queries.paginate(
        queries.organizations(filters), request.GET, hsds.organization
    )


@api
def organization(request, id):
    pk = pk_from_id("organization", id)
    org = queries.organization_with_services(pk) if pk else None
    return org and hsds.organization(org, full=True, services=org.offers)


@api
def taxonomies(request):
    return queries.paginate([hsds.taxonomy()], request.GET, lambda item: item)


@api
def taxonomy(request, id):
    if pk_from_id("taxonomy", id) != hsds.TAXONOMY_PK:
        return None
    return hsds.taxonomy()


@api
def taxonomy_terms(request):
    return queries.paginate(
        queries.taxonomy_terms(request.GET), request.GET, hsds.taxonomy_term
    )


@api
def taxonomy_term(request, id):
    pk = pk_from_id("taxonomy_term", id)
    zorgpad = Zorgpad.objects.filter(pk=pk).first() if pk else None
    return zorgpad and hsds.taxonomy_term(zorgpad)


# --- per-gemeente downloads ---------------------------------------------------


def _attachment(response, gemeente, extension):
    filename = f"zorgpad-{gemeente.slug}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _public(response)


@require_safe
# Ignores made-up parameters: a download takes long to build at scale.
@cache.cached_page(cache.gemeente_scopes, ignore_unknown=True, render_once=True)
def gemeente_json(request, gemeente_slug):
    gemeente = published_gemeente_or_404(gemeente_slug)
    response = JsonResponse(
        downloads.as_json(gemeente), json_dumps_params={"ensure_ascii": False}
    )
    return _attachment(response, gemeente, "json")


@require_safe
# Ignores made-up parameters: a download takes long to build at scale.
@cache.cached_page(cache.gemeente_scopes, ignore_unknown=True, render_once=True)
def gemeente_csv(request, gemeente_slug):
    gemeente = published_gemeente_or_404(gemeente_slug)
    response = HttpResponse(
        downloads.as_csv(gemeente), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, gemeente, "csv")
