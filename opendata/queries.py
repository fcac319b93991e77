"""What the open-data API serves, and its filters.

Only what a visitor can already see: published offers of published
organisations that work in at least one published gemeente
(`Aanbod.objects.openbaar()`), and for `?gemeente=` exactly what that
gemeente's pages list (`Aanbod.objects.voor_gemeente()`). Every list costs a
fixed number of queries whatever the amount of data; tests pin them.
"""

import datetime
import math
import re
import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from gemeenten import herindeling
from gemeenten.models import Aanbod, Gemeente, Organisatie, Regio, Zorgpad

from . import hsds
from .ids import pk_from_id

PER_PAGE = 50
MAX_PER_PAGE = 200
CBS_CODE = re.compile(r"^GM\d{4}$")


class BadRequest(Exception):
    """A filter or paging parameter we cannot read: a 400 with this message."""


# --- reading the query string ------------------------------------------------


def flag(params, name):
    """An HSDS boolean parameter: true or false (absent: false)."""
    value = params.get(name, "false").strip().lower()
    if value not in ("true", "false"):
        raise BadRequest(f"{name} must be true or false, not {value!r}.")
    return value == "true"


# A number, not thousands of digits (Python refuses to convert those).
WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def _int(params, name, default):
    value = params.get(name, "")
    if value == "":
        return default
    if not WHOLE_NUMBER.fullmatch(value) or int(value) < 1:
        raise BadRequest(f"{name} must be a whole number of 1 or more, not {value!r}.")
    return int(value)


def _our_pk(params, name, kind):
    """The primary key in an id parameter; 0 for a valid UUID that is not
    one of ours (it matches nothing); None when the parameter is absent."""
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        uuid.UUID(value)
    except ValueError:
        raise BadRequest(f"{name} must be a UUID, not {value!r}.") from None
    return pk_from_id(kind, value) or 0


def _modified_after(params):
    """An ISO 8601 date or date-time; without a zone it is Dutch time."""
    value = params.get("modified_after", "").strip()
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise BadRequest(
            "modified_after must be an ISO 8601 date or date-time, such as "
            "2026-01-31 or 2026-01-31T09:00:00Z (write + as %2B in an address), "
            f"not {value!r}."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        moment.astimezone(datetime.UTC)  # the database compares in UTC
    except OverflowError:
        raise BadRequest(f"modified_after is out of range: {value!r}.") from None
    return moment


@dataclass
class Filters:
    gemeente: str | None = None  # CBS code
    zorgpad_pk: int | None = None  # from taxonomy_term_id
    zorgpad_slug: str | None = None
    taxonomy_pk: int | None = None
    organisatie_pk: int | None = None
    modified_after: datetime.datetime | None = None
    search: str = ""

    @classmethod
    def from_params(cls, params):
        gemeente = params.get("gemeente", "").strip().upper() or None
        if gemeente and not CBS_CODE.match(gemeente):
            raise BadRequest(
                f"gemeente must be a CBS code such as GM0928, not {gemeente!r}."
            )
        return cls(
            gemeente=gemeente,
            zorgpad_pk=_our_pk(params, "taxonomy_term_id", "taxonomy_term"),
            zorgpad_slug=params.get("zorgpad", "").strip() or None,
            taxonomy_pk=_our_pk(params, "taxonomy_id", "taxonomy"),
            organisatie_pk=_our_pk(params, "organization_id", "organization"),
            modified_after=_modified_after(params),
            search=params.get("search", "").strip()[:100],
        )


# --- paging ------------------------------------------------------------------


def paginate(queryset, params, serialize):
    """One page as the HSDS 3.1 API's `Page`, with the items in `contents`.
    Two queries (count, page); a page past the end is empty, not an error."""
    page = _int(params, "page", 1)
    per_page = min(_int(params, "per_page", PER_PAGE), MAX_PER_PAGE)
    total = len(queryset) if isinstance(queryset, list) else queryset.count()
    total_pages = max(1, math.ceil(total / per_page))
    items = []
    if page <= total_pages:
        items = list(queryset[(page - 1) * per_page : page * per_page])
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not items,
        "contents": [serialize(item) for item in items],
    }


# --- querysets ---------------------------------------------------------------


def _published_gemeenten():
    return Gemeente.objects.gepubliceerd().only("naam", "cbs_code", "provincie")


def with_gemeenten(queryset, prefix="organisatie__"):
    """Prefetch the organisation's published gemeenten (the province of its
    address is read from them): one query."""
    return queryset.prefetch_related(
        Prefetch(prefix + "gemeenten", queryset=_published_gemeenten())
    )


def with_areas(queryset, prefix="organisatie__"):
    """Prefetch what service areas and addresses read: the published
    gemeenten of the organisation and of its regions (three queries)."""
    regios = Regio.objects.prefetch_related(
        Prefetch("gemeenten", queryset=_published_gemeenten())
    )
    return with_gemeenten(queryset, prefix).prefetch_related(
        Prefetch(prefix + "regios", queryset=regios)
    )


def services(filters):
    """The published offers that match the filters, oldest first so that
    pages stay put while data is added."""
    qs = Aanbod.objects.openbaar().select_related("organisatie", "zorgpad")
    if filters.gemeente:
        gemeente = _published_gemeenten().filter(cbs_code=filters.gemeente).first()
        if gemeente is None:
            # The code of a former gemeente: what its successor's pages list.
            gemeente = herindeling.huidige_gemeente(filters.gemeente)
        if gemeente is None:
            return qs.none()
        qs = qs.voor_gemeente(gemeente)
    if filters.zorgpad_pk is not None:
        qs = qs.filter(zorgpad_id=filters.zorgpad_pk)
    if filters.zorgpad_slug:
        qs = qs.filter(zorgpad__slug=filters.zorgpad_slug)
    if filters.taxonomy_pk is not None and filters.taxonomy_pk != hsds.TAXONOMY_PK:
        return qs.none()
    if filters.organisatie_pk is not None:
        qs = qs.filter(organisatie_id=filters.organisatie_pk)
    if filters.modified_after:
        moment = filters.modified_after
        qs = qs.filter(
            Q(gewijzigd__gte=moment)
            | Q(organisatie__gewijzigd__gte=moment)
            | Q(zorgpad__gewijzigd__gte=moment)
        )
    if filters.search:
        word = filters.search
        qs = qs.filter(
            Q(organisatie__naam__icontains=word)
            | Q(zorgpad__titel__icontains=word)
            | Q(omschrijving__icontains=word)
            | Q(organisatie__beschrijving__icontains=word)
        )
    return qs.order_by("pk")


def service_at_locations(filters):
    """Offers of organisations with an address (the page shows one)."""
    return services(filters).exclude(organisatie__adres="", organisatie__plaats="")


def organizations(filters):
    """Organisations with at least one published offer that matches the
    filters: so `?gemeente=` gives the organisations its pages list."""
    offer_filters = Filters(
        gemeente=filters.gemeente,
        zorgpad_pk=filters.zorgpad_pk,
        zorgpad_slug=filters.zorgpad_slug,
        taxonomy_pk=filters.taxonomy_pk,
    )
    qs = Organisatie.objects.openbaar().filter(
        pk__in=services(offer_filters).values("organisatie")
    )
    if filters.modified_after:
        qs = qs.filter(gewijzigd__gte=filters.modified_after)
    if filters.search:
        qs = qs.filter(
            Q(naam__icontains=filters.search)
            | Q(beschrijving__icontains=filters.search)
        )
    return qs.order_by("naam", "pk")


def organization_with_services(pk):
    """One organisation that visitors can see, with its published offers."""
    offers = Aanbod.objects.filter(gepubliceerd=True).select_related("zorgpad")
    return (
        organizations(Filters())
        .filter(pk=pk)
        .prefetch_related(
            Prefetch("aanbod", queryset=offers.order_by("pk"), to_attr="offers"),
            Prefetch("gemeenten", queryset=_published_gemeenten()),
        )
        .first()
    )


def taxonomy_terms(params):
    taxonomy_pk = _our_pk(params, "taxonomy_id", "taxonomy")
    qs = Zorgpad.objects.order_by("volgorde", "titel", "pk")
    if taxonomy_pk is not None and taxonomy_pk != hsds.TAXONOMY_PK:
        return qs.none()
    return qs


def for_gemeente(gemeente):
    """Everything the gemeente's pages list, in their order: per zorgpad,
    local help first. For the per-gemeente download."""
    return (
        Aanbod.objects.op_pagina(gemeente)
        .select_related("zorgpad")
        .order_by(
            "zorgpad__volgorde",
            "zorgpad__titel",
            "werkgebied",
            "volgorde",
            "organisatie__naam",
        )
    )
