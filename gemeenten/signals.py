"""Cache invalidation, and nothing else: which public pages an edit changes.

Hooked on the models, so every way of editing is covered wherever its code
lives: the admin and its inlines, the bulk import, verification marks
(`QuerySet.update`, which sends `rows_updated`), fixture loads
(`load_reference`, `load_demo`) and the shell. See zorgpad/cache.py for
what a bump does.
"""

from django.db.models import Q
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.dispatch import receiver

from zorgpad.cache import LANDELIJK, OPENDATA, bump, gemeente_scope

from .models import (
    Aanbod,
    Gemeente,
    LokaalZorgpad,
    Organisatie,
    Regio,
    Zorgpad,
    rows_updated,
)

# What the home page, the search and the open-data API read of every
# gemeente (the API prints the CBS code in each service area and filters on
# it): a change here (or a new gemeente) concerns every page; other fields
# only its own pages.
GEMEENTE_LIST_FIELDS = (
    "naam",
    "slug",
    "cbs_code",
    "provincie",
    "gepubliceerd",
    "andere_namen",
)


def gemeente_scopes(gemeente_ids):
    slugs = Gemeente.objects.filter(pk__in=gemeente_ids).values_list("slug", flat=True)
    return [gemeente_scope(slug) for slug in slugs]


def organisatie_scopes(organisatie_ids):
    """The pages that show these organisations: everything for a national
    one, else the pages of the gemeenten they serve, directly or through a
    region, and the open-data API. Two queries."""
    organisatie_ids = [pk for pk in organisatie_ids if pk is not None]
    if not organisatie_ids:
        return []
    if Organisatie.objects.filter(pk__in=organisatie_ids, landelijk=True).exists():
        return [LANDELIJK]
    slugs = (
        Gemeente.objects.filter(
            Q(organisaties__in=organisatie_ids)
            | Q(regios__organisaties__in=organisatie_ids)
        )
        .values_list("slug", flat=True)
        .distinct()
    )
    return [OPENDATA, *(gemeente_scope(slug) for slug in slugs)]


def _remember(instance, scopes):
    """Scopes of the row as it was, so that moving it away (a gemeente
    dropped, no longer national) refreshes the pages it leaves too."""
    instance._scopes_before = scopes


def _before(instance):
    return getattr(instance, "_scopes_before", [])


# --- national data: every page --------------------------------------------------


@receiver(post_save, sender=Zorgpad)
@receiver(post_delete, sender=Zorgpad)
@receiver(post_save, sender=Regio)
@receiver(post_delete, sender=Regio)
@receiver(post_delete, sender=Gemeente)
def national_changed(sender, **kwargs):
    bump(LANDELIJK)


@receiver(m2m_changed, sender=Gemeente.regios.through)
def regio_members_changed(sender, action, **kwargs):
    if action.startswith("post_") or action == "pre_clear":
        bump(LANDELIJK)


@receiver(pre_save, sender=Gemeente)
def gemeente_saving(sender, instance, raw, **kwargs):
    old = (
        Gemeente.objects.filter(pk=instance.pk).values(*GEMEENTE_LIST_FIELDS).first()
        if instance.pk and not raw
        else None
    )
    listed = old is None or any(
        old[name] != getattr(instance, name) for name in GEMEENTE_LIST_FIELDS
    )
    _remember(instance, [LANDELIJK] if listed else [gemeente_scope(instance.slug)])


@receiver(post_save, sender=Gemeente)
def gemeente_saved(sender, instance, **kwargs):
    bump(*_before(instance))


# --- one gemeente's own texts ----------------------------------------------------


@receiver(pre_save, sender=LokaalZorgpad)
def lokaal_zorgpad_saving(sender, instance, raw, **kwargs):
    # Moved to another gemeente: the one it leaves is refreshed too.
    if not raw and instance.pk is not None:
        old = LokaalZorgpad.objects.filter(pk=instance.pk).values_list(
            "gemeente", flat=True
        )
        _remember(instance, gemeente_scopes(list(old)))


@receiver(post_save, sender=LokaalZorgpad)
@receiver(post_delete, sender=LokaalZorgpad)
def lokaal_zorgpad_changed(sender, instance, raw=False, **kwargs):
    if raw:
        bump(LANDELIJK)
    else:
        bump(*_before(instance), *gemeente_scopes([instance.gemeente_id]))


# --- organisations and their offers -------------------------------------------


@receiver(pre_save, sender=Organisatie)
@receiver(pre_save, sender=Aanbod)
def offer_saving(sender, instance, raw, **kwargs):
    if raw or instance.pk is None:
        return
    if sender is Aanbod:
        old = Aanbod.objects.filter(pk=instance.pk).values_list(
            "organisatie", flat=True
        )
        _remember(instance, organisatie_scopes(list(old)))
    else:
        _remember(instance, organisatie_scopes([instance.pk]))


@receiver(post_save, sender=Organisatie)
@receiver(post_save, sender=Aanbod)
def offer_saved(sender, instance, raw, **kwargs):
    if raw:
        bump(LANDELIJK)  # a fixture load: one bump for all of it
        return
    pk = instance.organisatie_id if sender is Aanbod else instance.pk
    bump(*_before(instance), *organisatie_scopes([pk]))


@receiver(pre_delete, sender=Organisatie)
@receiver(pre_delete, sender=Aanbod)
def offer_deleted(sender, instance, **kwargs):
    # Before: afterwards its links to gemeenten and regions are gone.
    pk = instance.organisatie_id if sender is Aanbod else instance.pk
    bump(*organisatie_scopes([pk]))


@receiver(rows_updated, sender=Organisatie)
@receiver(rows_updated, sender=Aanbod)
def offers_updated(sender, pks, **kwargs):
    if sender is Aanbod:
        pks = Aanbod.objects.filter(pk__in=pks).values_list("organisatie", flat=True)
    bump(*organisatie_scopes(list(pks)))


@receiver(m2m_changed, sender=Organisatie.gemeenten.through)
def werkgebied_gemeenten_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not (action.startswith("post_") or action == "pre_clear"):
        return
    if reverse:  # gemeente.organisaties.add(…)
        bump(OPENDATA, *gemeente_scopes([instance.pk]))
    elif action == "pre_clear":
        bump(*organisatie_scopes([instance.pk]))
    elif pk_set:
        bump(OPENDATA, *gemeente_scopes(pk_set))


@receiver(m2m_changed, sender=Organisatie.regios.through)
def werkgebied_regios_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not (action.startswith("post_") or action == "pre_clear"):
        return
    if reverse or action == "pre_clear":
        regio_ids = [instance.pk] if reverse else instance.regios.values("pk")
    else:
        regio_ids = pk_set or []
    ids = Gemeente.objects.filter(regios__in=regio_ids).values_list("pk", flat=True)
    bump(OPENDATA, *gemeente_scopes(list(ids)))
