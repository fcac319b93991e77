"""The officer's work list on the admin home: new error reports, what was not
verified for a year (oldest first) and organisations nobody can reach.

Everything goes through `beheerd_door(user)`, so an officer only sees their
own gemeenten's work; a fixed number of queries whatever the data.
"""

from dataclasses import dataclass

from gemeenten.models import Aanbod, Melding, Organisatie, een_jaar_voor

SHOWN = 10


@dataclass
class Lijst:
    items: list
    aantal: int

    @property
    def meer(self):
        return self.aantal > len(self.items)


def _lijst(queryset):
    items = list(queryset[:SHOWN])
    count = len(items) if len(items) < SHOWN else queryset.count()
    return Lijst(items, count)


def werkvoorraad(user, today=None):
    if not user.has_perm("gemeenten.view_organisatie"):
        return None
    organisaties = Organisatie.objects.beheerd_door(user).filter(gepubliceerd=True)
    return {
        "grens": een_jaar_voor(today),
        "meldingen": _lijst(
            Melding.objects.beheerd_door(user)
            .nieuw()
            .select_related("gemeente", "zorgpad", "organisatie")
        ),
        "verouderd": _lijst(organisaties.verouderd(today)),
        # Offers of an organisation that is itself listed would only repeat it.
        "aanbod_verouderd": _lijst(
            Aanbod.objects.beheerd_door(user)
            .filter(gepubliceerd=True)
            .verouderd(today)
            .exclude(organisatie__laatst_gecontroleerd__lte=een_jaar_voor(today))
            .select_related("organisatie", "zorgpad")
        ),
        "zonder_contact": _lijst(organisaties.zonder_contact().order_by("naam")),
    }
