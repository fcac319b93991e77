"""Our directory as Open Referral HSDS 3.1 objects: a thin serializer.

Organisatie -> organization (with its phone and location), Aanbod ->
service (assured_date = last verified), where an organisation works ->
service_areas, Zorgpad -> taxonomy_term in one taxonomy. Plain functions
from model instances to dicts; the queries (and what is public) live in
queries.py. Empty fields are left out: HSDS types them as strings, not null.
"""

import datetime

from gemeenten.talen import LANGUAGE_CODES, NOT_A_LANGUAGE, taalnamen

from .ids import child_id, hsds_id

HSDS_VERSION = "3.1"
# We follow core HSDS 3.1 (no published profile), with one extra filter
# (?gemeente=); the profile points at the exact specification we validate
# against (tests/data/hsds-3.1/SOURCE.txt).
PROFILE = (
    "https://github.com/openreferral/specification/tree/"
    "abc731c8ac11825010e9d74a0ab61dcd48e880ec"
)
TAXONOMY_PK = 1  # our one taxonomy has no row; its id still needs a number
TAXONOMY_NAME = "Zorgpad onderwerpen"
TAXONOMY_DESCRIPTION = (
    "De onderwerpen (zorgpaden) van Zorgpad: hulp voor (aanstaande) ouders, "
    "bijvoorbeeld bij geldzorgen, wonen of veiligheid thuis."
)
# TOOI, the Dutch government's persistent identifiers for gemeenten.
TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/{code}"


def root():
    return {"version": HSDS_VERSION, "profile": PROFILE}


def _put(data, key, value):
    if value:
        data[key] = value
    return data


def _timestamp(value):
    """HSDS asks for date-times with millisecond accuracy."""
    utc = value.astimezone(datetime.UTC)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def last_modified(aanbod):
    """When the offer, its organisation or its zorgpad last changed."""
    org = aanbod.organisatie
    return max(aanbod.gewijzigd, org.gewijzigd, aanbod.zorgpad.gewijzigd)


# --- taxonomy ----------------------------------------------------------------


def taxonomy():
    return {
        "id": hsds_id("taxonomy", TAXONOMY_PK),
        "name": TAXONOMY_NAME,
        "description": TAXONOMY_DESCRIPTION,
    }


def taxonomy_term(zorgpad):
    return {
        "id": hsds_id("taxonomy_term", zorgpad.pk),
        "code": zorgpad.slug,
        "name": zorgpad.titel,
        "description": zorgpad.samenvatting,
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": hsds_id("taxonomy", TAXONOMY_PK),
        "language": "nl",
    }


# --- organization ------------------------------------------------------------


def organization(org, full=False, services=()):
    """An organisation; `full` adds its phone, location and services
    (id, name and status only, as the HSDS API describes)."""
    data = {
        "id": hsds_id("organization", org.pk),
        "name": org.naam,
        "description": org.beschrijving,
    }
    _put(data, "email", org.email)
    _put(data, "website", org.website)
    if full:
        data["phones"] = (
            [_phone(org, "organization_phone", organization_id=data["id"])]
            if org.telefoon
            else []
        )
        data["locations"] = [location(org)] if has_location(org) else []
        data["services"] = [
            {
                "id": hsds_id("service", a.pk),
                "name": service_name(a),
                "status": "active",
            }
            for a in services
        ]
    return data


def _phone(org, kind, pk=None, **link):
    data = {"id": hsds_id(kind, pk or org.pk), **link, "number": org.telefoon}
    data["type"] = "voice"
    return _put(data, "description", org.telefoon_toelichting)


def has_location(org):
    """The gemeente's page shows an address when there is a street or a town."""
    return bool(org.adres or org.plaats)


def location(org, full=True):
    """The organisation's address; lists carry the location without it
    (one-to-one fields only, as the HSDS list schemas say)."""
    location_id = hsds_id("location", org.pk)
    data = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": hsds_id("organization", org.pk),
        "name": org.naam,
    }
    if full:
        data["addresses"] = [
            {
                "id": hsds_id("address", org.pk),
                "location_id": location_id,
                "address_1": org.adres,
                "city": org.plaats,
                "state_province": provincie(org),
                "postal_code": org.postcode,
                "country": "NL",
                "address_type": "physical",
            }
        ]
    return data


def provincie(org):
    """The province of the address, as far as we know it: that of the
    gemeente named like the town, or of all the gemeenten the organisation
    works in if they share one; HSDS requires the field, so "" otherwise.
    Reads `org.gemeenten` (prefetch it)."""
    gemeenten = list(org.gemeenten.all())
    plaats = org.plaats.strip().casefold()
    for gemeente in gemeenten:
        if gemeente.naam.casefold() == plaats:
            return gemeente.provincie
    provincies = {g.provincie for g in gemeenten}
    return provincies.pop() if len(provincies) == 1 else ""


# --- service -----------------------------------------------------------------


def service_name(aanbod):
    return f"{aanbod.organisatie.naam} – {aanbod.zorgpad.titel}"


def service(aanbod, full=False):
    """One offer as an HSDS service. The list endpoints use the one-to-one
    fields only; `full` nests phones, contacts, languages, service areas,
    the location, the zorgpad (as attribute) and the organisation.
    `full` reads org.gemeenten and org.regios[].gemeenten (prefetch them)."""
    org = aanbod.organisatie
    service_id = hsds_id("service", aanbod.pk)
    data = {
        "id": service_id,
        "organization_id": hsds_id("organization", org.pk),
        "name": service_name(aanbod),
        "description": aanbod.tekst,
        "status": "active",
    }
    _put(data, "url", org.website)
    _put(data, "email", org.email)
    _put(data, "application_process", aanbod.aanmelden)
    data["assured_date"] = aanbod.gecontroleerd_op.isoformat()
    data["last_modified"] = _timestamp(last_modified(aanbod))
    if not full:
        return data
    data["phones"] = (
        [_phone(org, "service_phone", aanbod.pk, service_id=service_id)]
        if org.telefoon
        else []
    )
    data["contacts"] = (
        [
            {
                "id": hsds_id("contact", aanbod.pk),
                "service_id": service_id,
                "name": aanbod.contactpersoon,
            }
        ]
        if aanbod.contactpersoon
        else []
    )
    data["languages"] = languages(org.talen, service_id)
    data["service_areas"] = service_areas(aanbod, service_id)
    data["service_at_locations"] = (
        [service_at_location(aanbod)] if has_location(org) else []
    )
    data["attributes"] = [attribute(aanbod, service_id)]
    data["organization"] = organization(org)
    return data


def languages(talen, service_id):
    """'Nederlands, Engels en Turks' -> HSDS languages with ISO 639 codes."""
    names = [n for n in taalnamen(talen) if n.casefold() not in NOT_A_LANGUAGE]
    result = []
    for name in names:
        item = {
            "id": child_id(service_id, f"language/{name}"),
            "service_id": service_id,
        }
        item["name"] = name
        result.append(_put(item, "code", LANGUAGE_CODES.get(name.casefold())))
    return result


def service_areas(aanbod, service_id):
    """Where the offer is available: the Netherlands for a national
    organisation, otherwise each published gemeente it serves, locally or
    through a region (identified by CBS code and TOOI URI)."""
    org = aanbod.organisatie
    if org.landelijk:
        return [
            {
                "id": child_id(service_id, "area/NL"),
                "service_id": service_id,
                "name": "Nederland",
                "description": "Landelijk: in heel Nederland.",
            }
        ]
    areas = {g.cbs_code: (g, "") for g in org.gemeenten.all()}
    for regio in org.regios.all():
        for gemeente in regio.gemeenten.all():
            areas.setdefault(gemeente.cbs_code, (gemeente, regio.naam))
    result = []
    for code, (gemeente, regio) in sorted(areas.items(), key=lambda i: i[1][0].naam):
        description = f"Gemeente {gemeente.naam} ({code})"
        if regio:
            description += f", via de regio {regio}"
        result.append(
            {
                "id": child_id(service_id, f"area/{code}"),
                "service_id": service_id,
                "name": gemeente.naam,
                "description": description + ".",
                "extent": code,
                "extent_type": "text",
                "uri": TOOI_GEMEENTE.format(code=code.lower()),
            }
        )
    return result


def attribute(aanbod, service_id):
    """The zorgpad the offer belongs to, as a taxonomy term on the service."""
    return {
        "id": hsds_id("attribute", aanbod.pk),
        "link_id": service_id,
        "link_entity": "service",
        "taxonomy_term_id": hsds_id("taxonomy_term", aanbod.zorgpad_id),
        "taxonomy_term": taxonomy_term(aanbod.zorgpad),
    }


# --- service at location -----------------------------------------------------


def service_at_location(aanbod, address=True, with_service=False):
    """The offer at the organisation's address; only for organisations with
    one. Lists leave out the address (it reads org.gemeenten) and the
    service; the detail has both."""
    org = aanbod.organisatie
    data = {
        "id": hsds_id("service_at_location", aanbod.pk),
        "service_id": hsds_id("service", aanbod.pk),
        "location_id": hsds_id("location", org.pk),
        "location": location(org, full=address),
    }
    if with_service:
        data["service"] = service(aanbod)
    return data
