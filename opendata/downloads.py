"""The per-gemeente download: what the gemeente's pages list, as one HSDS
JSON document or as a CSV file (one row per organisation per zorgpad).

CSV: UTF-8, comma-separated, RFC 4180 quoting, columns as in CSV_COLUMNS
(also in README.md).
"""

import csv
import io

from django.utils import timezone

from gemeenten.models import Werkgebied
from zorgpad import spreadsheet

from . import hsds, queries
from .ids import hsds_id

# (column, what it holds): the README lists the same.
CSV_COLUMNS = [
    ("zorgpad", "title of the zorgpad (topic)"),
    ("zorgpad_slug", "the zorgpad's part of the web address"),
    ("organisatie", "name of the organisation"),
    ("werkgebied", "lokaal, regionaal or landelijk, seen from this gemeente"),
    ("omschrijving", "what they do for this zorgpad"),
    ("aanmelden", "how to refer or get in touch"),
    ("contactpersoon", "named contact, if the page shows one"),
    ("telefoon", "phone number"),
    ("telefoon_toelichting", "e.g. free, day and night"),
    ("email", "e-mail address"),
    ("website", "website"),
    ("adres", "street and number"),
    ("postcode", "postcode"),
    ("plaats", "town"),
    ("talen", "languages spoken"),
    ("gecontroleerd_op", "date the details were last verified (YYYY-MM-DD)"),
    ("demo", "ja for fictional demo data"),
    ("service_id", "the HSDS service id in /api/hsds/services/{id}"),
    ("organization_id", "the HSDS organization id"),
]
WERKGEBIED = {
    Werkgebied.LOKAAL: "lokaal",
    Werkgebied.REGIONAAL: "regionaal",
    Werkgebied.LANDELIJK: "landelijk",
}


def offers(gemeente, areas=False):
    qs = queries.for_gemeente(gemeente)
    return list(queries.with_areas(qs) if areas else qs)


def as_json(gemeente):
    return {
        "version": hsds.HSDS_VERSION,
        "profile": hsds.PROFILE,
        "gemeente": {"naam": gemeente.naam, "cbs_code": gemeente.cbs_code},
        "generated": timezone.now().isoformat(timespec="seconds"),
        "taxonomy": hsds.taxonomy(),
        "services": [hsds.service(a, full=True) for a in offers(gemeente, areas=True)],
    }


def _row(aanbod):
    org = aanbod.organisatie
    return {
        "zorgpad": aanbod.zorgpad.titel,
        "zorgpad_slug": aanbod.zorgpad.slug,
        "organisatie": org.naam,
        "werkgebied": WERKGEBIED[aanbod.werkgebied],
        "omschrijving": aanbod.tekst,
        "aanmelden": aanbod.aanmelden,
        "contactpersoon": aanbod.contactpersoon,
        "telefoon": org.telefoon,
        "telefoon_toelichting": org.telefoon_toelichting,
        "email": org.email,
        "website": org.website,
        "adres": org.adres,
        "postcode": org.postcode,
        "plaats": org.plaats,
        "talen": org.talen,
        "gecontroleerd_op": aanbod.gecontroleerd_op.isoformat(),
        "demo": "ja" if org.is_demo else "nee",
        "service_id": hsds_id("service", aanbod.pk),
        "organization_id": hsds_id("organization", org.pk),
    }


def as_csv(gemeente):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[name for name, _ in CSV_COLUMNS])
    writer.writeheader()
    for aanbod in offers(gemeente):
        writer.writerow(
            {k: spreadsheet.veilige_cel(v) for k, v in _row(aanbod).items()}
        )
    return out.getvalue()
