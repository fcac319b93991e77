"""Load the CBS list of gemeenten (fixtures/gemeenten.json, written by
`manage.py gemeenten_fixture` from the CBS file) without losing data.

`loaddata` would save each gemeente whole, resetting what the fixture does
not carry (local introduction, feedback address, published flag, a merger)
and, when a new CBS file shifts the fixture's numbering, give one gemeente's
organisations to another. Here gemeenten are matched on their CBS code and
regions on their slug; only the reference fields change (name, address,
province, the region of the file and the search names of the file, added
to those already there); a new code is created; a gemeente merged with
`manage.py herindeling` is never brought back; a changed address keeps the
old one as a redirect. A few queries whatever the size when nothing changed.
"""

import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .models import Gemeente, OudAdres, Regio, zoeknaam_for


@dataclass
class Verslag:
    nieuw: list = field(default_factory=list)
    bijgewerkt: list = field(default_factory=list)
    ontbreekt: list = field(default_factory=list)  # in the database, not the file


def _namen(*lijsten):
    namen = [n.strip() for lijst in lijsten for n in lijst.split(",")]
    return ", ".join(dict.fromkeys(n for n in namen if n))


@transaction.atomic
def laad_gemeenten(path):
    with open(path, encoding="utf-8") as f:
        objects = json.load(f)
    regio_slug = {}  # the file's regio key (pk or natural key) -> slug
    regios = {r.slug: r for r in Regio.objects.all()}
    for obj in objects:
        if obj["model"] != "gemeenten.regio":
            continue
        fields = obj["fields"]
        regio_slug[obj.get("pk")] = fields["slug"]
        regio = regios.get(fields["slug"])
        if regio is None:
            regios[fields["slug"]] = Regio.objects.create(**fields)
        elif regio.naam != fields["naam"]:
            regio.naam = fields["naam"]
            regio.save(update_fields=["naam"])

    bestaand = {g.cbs_code: g for g in Gemeente.objects.all()}
    links = set(Gemeente.regios.through.objects.values_list("gemeente_id", "regio_id"))
    verslag = Verslag()
    nieuwe_links = []
    in_bestand = set()
    for obj in objects:
        if obj["model"] != "gemeenten.gemeente":
            continue
        fields = dict(obj["fields"])
        fields.pop("zoeknaam", None)
        eigen_regios = [
            regios[_regio_slug(r, regio_slug)] for r in fields.pop("regios", [])
        ]
        in_bestand.add(fields["cbs_code"])
        gemeente = bestaand.get(fields["cbs_code"])
        if gemeente is None:
            gemeente = Gemeente.objects.create(**fields)
            verslag.nieuw.append(gemeente)
        elif gemeente.opgegaan_in_id is None:
            _werk_bij(gemeente, fields, verslag)
        else:
            continue  # merged: stays history
        nieuwe_links += [
            Gemeente.regios.through(gemeente_id=gemeente.pk, regio_id=r.pk)
            for r in eigen_regios
            if (gemeente.pk, r.pk) not in links
        ]
    Gemeente.regios.through.objects.bulk_create(nieuwe_links)
    verslag.ontbreekt = [
        g
        for code, g in sorted(bestaand.items())
        if code not in in_bestand and g.opgegaan_in_id is None
    ]
    return verslag


def _regio_slug(key, regio_slug):
    """A region named by the file's own pk or by its natural key ([slug])."""
    return key[0] if isinstance(key, list) else regio_slug[key]


def _werk_bij(gemeente, fields, verslag):
    andere = _namen(gemeente.andere_namen, fields.get("andere_namen", ""))
    wanted = {**fields, "andere_namen": andere}
    changed = [k for k, v in wanted.items() if getattr(gemeente, k) != v]
    if not changed:
        return
    if "slug" in changed:
        OudAdres.objects.update_or_create(
            slug=gemeente.slug,
            defaults={"gemeente": gemeente, "sinds": timezone.localdate()},
        )
    for key in changed:
        setattr(gemeente, key, wanted[key])
    gemeente.zoeknaam = zoeknaam_for(gemeente.naam, gemeente.andere_namen)
    gemeente.save()
    OudAdres.objects.filter(slug=gemeente.slug).delete()
    verslag.bijgewerkt.append(gemeente)
