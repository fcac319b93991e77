"""
The directory: gemeenten, regions, national care paths (zorgpaden), and the
organisations that offer help within a zorgpad (aanbod).

An organisation works nationally, for one or more regions, or for one or more
gemeenten; `Aanbod.objects.voor_gemeente()` is the one place that decides what
a visitor of a gemeente sees.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgpad.routes import reserved_zorgpad_slugs

from .search import normalise
from .talen import nederlands, talen_in_paginataal, vertaald


class Provincie(models.TextChoices):
    DRENTHE = "Drenthe"
    FLEVOLAND = "Flevoland"
    FRIESLAND = "Friesland", "Fryslân"
    GELDERLAND = "Gelderland"
    GRONINGEN = "Groningen"
    LIMBURG = "Limburg"
    NOORD_BRABANT = "Noord-Brabant", "Noord-Brabant"
    NOORD_HOLLAND = "Noord-Holland", "Noord-Holland"
    OVERIJSSEL = "Overijssel"
    UTRECHT = "Utrecht"
    ZEELAND = "Zeeland"
    ZUID_HOLLAND = "Zuid-Holland", "Zuid-Holland"


class Bijgehouden(models.Model):
    """Remembers when a row last changed: the open-data export (HSDS
    `last_modified`, `?modified_after=`) tells reusers what to fetch again.

    Set in save() rather than with auto_now so that fixtures, which do not
    carry the field, still load (loaddata skips save() and takes the default).
    QuerySet.update() does not touch it."""

    gewijzigd = models.DateTimeField(
        _("gewijzigd"), default=timezone.now, editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.gewijzigd = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "gewijzigd"}
        super().save(*args, **kwargs)


class SlugManager(models.Manager):
    """Fixtures refer to regions and zorgpaden by slug, not by id."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class RegioQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def beheerd_door(self, user):
        """The regions this user keeps: all for national editors, the assigned
        ones for officers, none for anybody else (fail closed)."""
        if is_landelijke_redactie(user):
            return self.all()
        if not user.is_active or not user.is_staff:
            return self.none()
        return self.filter(
            pk__in=Regio.beheerders.through.objects.filter(user=user).values("regio")
        )


class Regio(models.Model):
    """A group of gemeenten (GGD or VSV region) served by regional organisations."""

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    beheerders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="beheerde_regios",
        verbose_name=_("beheerders"),
        help_text=_(
            "Beleidsmedewerkers van de regio: zij beheren de regionale organisaties "
            "en de gegevens van alle gemeenten in de regio."
        ),
    )

    # Fixtures refer to regions by slug, not by id.
    objects = RegioQuerySet.as_manager()

    class Meta:
        ordering = ["naam"]
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")

    def __str__(self):
        return self.naam

    def natural_key(self):
        return (self.slug,)


class GemeenteQuerySet(models.QuerySet):
    def get_by_natural_key(self, cbs_code):
        return self.get(cbs_code=cbs_code)

    def gepubliceerd(self):
        return self.filter(gepubliceerd=True)

    def beheerd_door(self, user):
        """The gemeenten this user may edit: all for national editors, the
        assigned ones for officers, none for anybody else (fail closed)."""
        if is_landelijke_redactie(user):
            return self.all()
        if not user.is_active or not user.is_staff:
            return self.none()
        # Subqueries, not joins: no duplicates, so no DISTINCT in the admin.
        through = Gemeente.beheerders.through.objects.filter(user=user)
        via_regio = Gemeente.regios.through.objects.filter(regio__beheerders=user)
        return self.filter(
            Q(pk__in=through.values("gemeente"))
            | Q(pk__in=via_regio.values("gemeente"))
        )

    def zoek(self, query):
        """Gemeenten whose name or alias contains the query, forgiving accents,
        apostrophes, hyphens and spaces ("sudwest", "den bosch")."""
        words = normalise(query).split()
        qs = self
        for word in words:
            qs = qs.filter(zoeknaam__contains=word)
        return qs


class Gemeente(models.Model):
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        help_text=_("De code van het CBS, bijvoorbeeld GM0928."),
    )
    naam = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(
        unique=True, help_text=_("Het deel van het webadres, bijvoorbeeld kerkrade.")
    )
    provincie = models.CharField(_("provincie"), max_length=20, choices=Provincie)
    regios = models.ManyToManyField(
        Regio, blank=True, related_name="gemeenten", verbose_name=_("regio's")
    )
    andere_namen = models.CharField(
        _("andere namen"),
        max_length=200,
        blank=True,
        help_text=_(
            "Namen waarop bezoekers ook zoeken, gescheiden door komma's, "
            "bijvoorbeeld Den Bosch."
        ),
    )
    # Derived from naam + andere_namen on save; the search filters on it.
    zoeknaam = models.CharField(max_length=400, editable=False, default="")
    gepubliceerd = models.BooleanField(_("gepubliceerd"), default=True)
    intro = models.TextField(
        _("lokale introductie"),
        blank=True,
        help_text=_("Een korte tekst boven de zorgpaden van deze gemeente."),
    )
    beheerders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="beheerde_gemeenten",
        verbose_name=_("beheerders"),
        help_text=_("Beleidsmedewerkers die de gegevens van deze gemeente bijhouden."),
    )
    feedback_email = models.EmailField(
        _("e-mail voor meldingen"),
        blank=True,
        help_text=_("Hier komen meldingen van bezoekers over fouten binnen."),
    )
    # Set by `manage.py herindeling` (gemeenten/herindeling.py): the row stays,
    # unpublished, so that its statistics remain readable as history.
    opgegaan_in = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="voorgangers",
        verbose_name=_("opgegaan in"),
        help_text=_("De gemeente waarin deze gemeente bij een herindeling opging."),
    )
    opgeheven_op = models.DateField(
        _("opgeheven op"), null=True, blank=True, editable=False
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        ordering = ["naam"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        permissions = [
            ("alle_gemeenten", _("Mag de gegevens van alle gemeenten beheren"))
        ]

    def __str__(self):
        return self.naam

    def save(self, *args, **kwargs):
        self.zoeknaam = zoeknaam_for(self.naam, self.andere_namen)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("gemeenten:gemeente", args=[self.slug])

    def natural_key(self):
        return (self.cbs_code,)


class OudAdres(models.Model):
    """A gemeente slug that is no longer in use (a renamed or merged
    gemeente), and the gemeente whose pages now answer for it.

    Only read when a /gemeente/<slug>/… address is not found (middleware.py),
    so ordinary pages cost no query for it; rows are never deleted, so that
    printed QR codes keep working."""

    slug = models.SlugField(unique=True)
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.CASCADE,
        related_name="oude_adressen",
        verbose_name=_("gemeente"),
    )
    sinds = models.DateField(_("sinds"))

    class Meta:
        verbose_name = _("oud adres")
        verbose_name_plural = _("oude adressen")

    def __str__(self):
        return f"{self.slug} → {self.gemeente}"


def is_landelijke_redactie(user):
    """National editors (and superusers) see and edit every gemeente's data."""
    return (
        user.is_active and user.is_staff and user.has_perm("gemeenten.alle_gemeenten")
    )


def zoeknaam_for(naam, andere_namen=""):
    """The search key of a gemeente: its names, normalised, with and without spaces."""
    names = [naam, *andere_namen.split(",")]
    parts = []
    for name in names:
        norm = normalise(name)
        if norm:
            parts += [norm, norm.replace(" ", "")]
    return " | ".join(parts)


class Urgentie(models.IntegerChoices):
    """How urgent a topic is: the screening result lists lower values first."""

    VEILIGHEID = 1, _("veiligheid")
    HOOG = 2, _("hoog")
    GEWOON = 3, _("gewoon")


class Zorgpad(Bijgehouden):
    """A national topic (care path), the template every gemeente starts from."""

    titel = models.CharField(_("titel"), max_length=100)
    slug = models.SlugField(unique=True)
    samenvatting = models.CharField(
        _("samenvatting"),
        max_length=200,
        help_text=_("Eén zin in eenvoudige taal (B1) voor ouders."),
    )
    doel = models.TextField(_("doel"), help_text=_("Wat dit zorgpad wil bereiken."))
    achtergrond = models.TextField(_("achtergrond voor professionals"), blank=True)
    stappen = models.TextField(
        _("stappen"), help_text=_("De landelijke stappen, één stap per regel.")
    )
    urgentie = models.PositiveSmallIntegerField(
        _("urgentie"), choices=Urgentie, default=Urgentie.GEWOON
    )
    gevoelig = models.BooleanField(
        _("gevoelig onderwerp"),
        default=False,
        help_text=_("Toont de knop 'Snel weg' (bijvoorbeeld bij geweld thuis)."),
    )
    zoekwoorden = models.TextField(
        _("zoekwoorden"),
        blank=True,
        help_text=_(
            "Gewone woorden waarmee ouders dit onderwerp zoeken op de pagina van "
            "hun gemeente, gescheiden door komma's. Bijvoorbeeld: schulden, huur, "
            "rekeningen, deurwaarder. Hoofdletters en accenten maken niet uit."
        ),
    )
    icoon = models.CharField(_("icoon"), max_length=40, blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    objects = SlugManager()

    class Meta:
        ordering = ["volgorde", "titel"]
        verbose_name = _("zorgpad")
        verbose_name_plural = _("zorgpaden")

    def __str__(self):
        return self.titel

    def clean(self):
        # Other pages live beside the zorgpaden under /gemeente/<slug>/.
        if self.slug in reserved_zorgpad_slugs():
            raise ValidationError(
                {"slug": _("Dit webadres is al in gebruik door de site zelf.")}
            )

    def natural_key(self):
        return (self.slug,)

    def stappen_lijst(self):
        return split_lines(self.stappen)

    def zoeksleutel(self):
        """What the topic search of a gemeente page looks in: the titles and
        search words in every language, normalised like a gemeente's name, so
        a Dutch word on the English page is found too."""
        texts = [
            getattr(self, f"{field}_{code}") or ""
            for field in ("titel", "zoekwoorden")
            for code, _name in settings.LANGUAGES
        ]
        return zoeknaam_for(texts[0], ",".join(texts[1:]))


def split_lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


class LokaalZorgpad(Bijgehouden):
    """What a gemeente adds to a national zorgpad; empty fields fall back.
    `gewijzigd` feeds "last change" on the coverage page (dekking.py)."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.CASCADE, related_name="lokale_zorgpaden"
    )
    zorgpad = models.ForeignKey(
        Zorgpad, on_delete=models.CASCADE, related_name="lokale_zorgpaden"
    )
    doel = models.TextField(
        _("lokaal doel"), blank=True, help_text=_("Leeg: de landelijke tekst.")
    )
    stappen = models.TextField(
        _("lokale stappen"),
        blank=True,
        help_text=_("Eén stap per regel. Leeg: de landelijke stappen."),
    )
    afspraken = models.TextField(
        _("lokale afspraken"),
        blank=True,
        help_text=_("Bijvoorbeeld een vast aanspreekpunt of een knooppunt."),
    )

    class Meta:
        verbose_name = _("lokaal zorgpad")
        verbose_name_plural = _("lokale zorgpaden")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "zorgpad"], name="uniek_lokaal_zorgpad"
            )
        ]

    def __str__(self):
        return f"{self.zorgpad} – {self.gemeente}"


# An organisation's own texts and contact details, in the order an officer
# reads them: the admin form, the import and the export use this list.
ORGANISATIE_TEKSTVELDEN = [
    "naam",
    "beschrijving",
    "telefoon",
    "telefoon_toelichting",
    "email",
    "website",
    "adres",
    "postcode",
    "plaats",
    "talen",
]


# Sent by QuerySet.update() of organisations and offers (which sends no
# post_save), with the primary keys of the rows it changed: the public page
# cache listens (gemeenten/signals.py).
rows_updated = Signal()


class SignallingUpdateQuerySet(models.QuerySet):
    def update(self, **kwargs):
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        if pks:
            rows_updated.send(sender=self.model, pks=pks)
        return count


def werkzaam_in(gemeente):
    """The ids of the organisations that work in this gemeente (published or
    not): one UNION of three index lookups (its links, its regions' links,
    the national ones: organisatie_landelijk_idx) rather than an OR, which
    PostgreSQL answers by scanning every organisation in the country. So a
    gemeente's pages cost the same however many organisations the rest of
    the country has (README, "Serving at scale")."""
    return (
        Organisatie.gemeenten.through.objects.filter(gemeente=gemeente)
        .values("organisatie")
        .union(
            Organisatie.regios.through.objects.filter(regio__gemeenten=gemeente).values(
                "organisatie"
            ),
            Organisatie.objects.filter(landelijk=True).values("pk"),
        )
    )


class OrganisatieQuerySet(SignallingUpdateQuerySet):
    def beheerd_door(self, user):
        """Organisations this user may edit: national editors all; officers
        the non-national ones that work only in their own gemeenten and
        regions. An organisation that also serves a gemeente or region of
        someone else is theirs to edit together: only a national editor or
        an officer of all of them may, or one gemeente could change (or
        delete) what another gemeente's pages show."""
        if is_landelijke_redactie(user):
            return self.all()
        gemeenten = Gemeente.objects.beheerd_door(user)
        regios = Regio.objects.beheerd_door(user)
        links = Organisatie.gemeenten.through.objects
        regio_links = Organisatie.regios.through.objects
        return (
            self.filter(landelijk=False)
            .filter(
                Q(pk__in=links.filter(gemeente__in=gemeenten).values("organisatie"))
                | Q(pk__in=regio_links.filter(regio__in=regios).values("organisatie"))
            )
            .exclude(
                Q(pk__in=links.exclude(gemeente__in=gemeenten).values("organisatie"))
                | Q(pk__in=regio_links.exclude(regio__in=regios).values("organisatie"))
            )
        )

    def verouderd(self, today=None):
        """Not verified for a year or more, oldest first."""
        return self.filter(laatst_gecontroleerd__lte=een_jaar_voor(today)).order_by(
            "laatst_gecontroleerd", "naam"
        )

    def zonder_contact(self):
        """Neither a phone number nor an e-mail address: nobody can reach them."""
        return self.filter(telefoon="", email="")

    def voor_gemeente(self, gemeente):
        """Published organisations that work in this gemeente: nationally,
        through one of its regions, or locally."""
        return self.filter(gepubliceerd=True, pk__in=werkzaam_in(gemeente))

    def openbaar(self):
        """Published organisations that work in at least one published
        gemeente: the ones some gemeente's pages can show (open data)."""
        return self.filter(gepubliceerd=True).filter(
            Q(landelijk=True)
            | Q(
                pk__in=Organisatie.gemeenten.through.objects.filter(
                    gemeente__gepubliceerd=True
                ).values("organisatie")
            )
            | Q(
                pk__in=Organisatie.regios.through.objects.filter(
                    regio__gemeenten__gepubliceerd=True
                ).values("organisatie")
            )
        )


class Organisatie(Bijgehouden):
    naam = models.CharField(_("naam"), max_length=150)
    beschrijving = models.TextField(
        _("beschrijving"), help_text=_("Wat de organisatie doet, in eenvoudige taal.")
    )
    # Optional English versions (visitors of /en/ read them; empty: the
    # Dutch text, marked as Dutch). The languages newcomers speak get Dutch.
    beschrijving_en = models.TextField(
        _("beschrijving in het Engels"),
        blank=True,
        help_text=_(
            "Mag leeg blijven: Engelstalige bezoekers zien dan de Nederlandse."
        ),
    )
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    telefoon_toelichting = models.CharField(
        _("toelichting bij telefoon"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld: gratis, dag en nacht bereikbaar."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    adres = models.CharField(_("straat en huisnummer"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    plaats = models.CharField(_("plaats"), max_length=100, blank=True)
    talen = models.CharField(
        _("talen"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: Nederlands, Engels, Arabisch."),
    )
    landelijk = models.BooleanField(
        _("landelijk"), default=False, help_text=_("Werkt in heel Nederland.")
    )
    regios = models.ManyToManyField(
        Regio, blank=True, related_name="organisaties", verbose_name=_("regio's")
    )
    gemeenten = models.ManyToManyField(
        Gemeente, blank=True, related_name="organisaties", verbose_name=_("gemeenten")
    )
    laatst_gecontroleerd = models.DateField(
        _("laatst gecontroleerd"),
        help_text=_("De datum waarop de contactgegevens voor het laatst klopten."),
    )
    gepubliceerd = models.BooleanField(_("gepubliceerd"), default=True)
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Verzonnen voorbeeldgegevens.")
    )

    objects = OrganisatieQuerySet.as_manager()

    class Meta:
        ordering = ["naam"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        indexes = [
            # The national ones, for werkzaam_in(): every gemeente's pages
            # (path page, overview, screening result, open data) list them.
            models.Index(
                fields=["landelijk"],
                condition=models.Q(landelijk=True),
                name="organisatie_landelijk_idx",
            ),
        ]

    def __str__(self):
        return self.naam

    @property
    def beschrijving_tekst(self):
        """The description in the reader's language where there is one."""
        return vertaald(self, "beschrijving")

    @property
    def talen_lijst(self):
        """The languages spoken, named in the reader's language."""
        return talen_in_paginataal(self.talen)

    @property
    def website_label(self):
        """The website without scheme or trailing slash, as people read it."""
        return self.website.split("://", 1)[-1].rstrip("/")

    @property
    def telefoon_link(self):
        """The phone number as a tel: URI, e.g. 'tel:08002000'."""
        return tel_uri(self.telefoon)


def een_jaar_voor(today=None):
    """The date a year before today: what was verified on or before it is stale."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def tel_uri(number):
    digits = "".join(c for c in number if c.isdigit() or c == "+")
    return f"tel:{digits}" if digits else ""


class Werkgebied(models.IntegerChoices):
    """Where an organisation works, seen from one gemeente; local help first."""

    LOKAAL = 1, _("lokaal")
    REGIONAAL = 2, _("regionaal")
    LANDELIJK = 3, _("landelijk")


class AanbodQuerySet(SignallingUpdateQuerySet):
    def beheerd_door(self, user):
        """Offers of the organisations this user may edit."""
        return self.filter(organisatie__in=Organisatie.objects.beheerd_door(user))

    def verouderd(self, today=None):
        """Offers whose own verification date is a year old or more, oldest
        first (an offer without a date follows its organisation's)."""
        return self.filter(laatst_gecontroleerd__lte=een_jaar_voor(today)).order_by(
            "laatst_gecontroleerd"
        )

    def voor_gemeente(self, gemeente):
        """Published offers of organisations working in this gemeente: by
        the index on (organisatie, zorgpad), per organisation found."""
        return self.filter(
            gepubliceerd=True,
            organisatie__gepubliceerd=True,
            organisatie__in=werkzaam_in(gemeente),
        )

    def met_werkgebied(self, gemeente):
        """Annotate `werkgebied` (a Werkgebied value) and order local help first."""
        lokaal = Organisatie.gemeenten.through.objects.filter(
            organisatie=OuterRef("organisatie"), gemeente=gemeente
        )
        return self.annotate(
            werkgebied=Case(
                When(Exists(lokaal), then=Value(Werkgebied.LOKAAL)),
                When(organisatie__landelijk=True, then=Value(Werkgebied.LANDELIJK)),
                default=Value(Werkgebied.REGIONAAL),
            )
        ).order_by("werkgebied", "volgorde", "organisatie__naam")

    def op_pagina(self, gemeente):
        """What the gemeente's pages list: its published offers with their
        organisation, local help first. The path page, the screening result,
        the take-home list and the open-data download all show this."""
        return (
            self.voor_gemeente(gemeente)
            .met_werkgebied(gemeente)
            .select_related("organisatie")
        )

    def openbaar(self):
        """Published offers that some published gemeente's pages show."""
        return self.filter(
            gepubliceerd=True, organisatie__in=Organisatie.objects.openbaar()
        )


class Aanbod(Bijgehouden):
    """What one organisation offers within one zorgpad."""

    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.CASCADE,
        related_name="aanbod",
        verbose_name=_("organisatie"),
    )
    zorgpad = models.ForeignKey(
        Zorgpad,
        on_delete=models.CASCADE,
        related_name="aanbod",
        verbose_name=_("zorgpad"),
    )
    omschrijving = models.TextField(
        _("wat doen zij hier"),
        blank=True,
        help_text=_("Leeg: de beschrijving van de organisatie."),
    )
    aanmelden = models.TextField(_("hoe verwijzen of aanmelden"), blank=True)
    aanmelden_en = models.TextField(
        _("hoe verwijzen of aanmelden, in het Engels"),
        blank=True,
        help_text=_(
            "Mag leeg blijven: Engelstalige bezoekers zien dan de Nederlandse."
        ),
    )
    contactpersoon = models.CharField(_("contactpersoon"), max_length=100, blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=100)
    laatst_gecontroleerd = models.DateField(
        _("laatst gecontroleerd"), null=True, blank=True
    )
    gepubliceerd = models.BooleanField(_("gepubliceerd"), default=True)

    objects = AanbodQuerySet.as_manager()

    class Meta:
        ordering = ["volgorde", "organisatie__naam"]
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "zorgpad"], name="uniek_aanbod_per_zorgpad"
            )
        ]
        indexes = [
            # Serves the per-zorgpad lookup of a path page.
            models.Index(fields=["zorgpad", "gepubliceerd"], name="aanbod_zorgpad_idx"),
        ]

    def __str__(self):
        return f"{self.organisatie} – {self.zorgpad}"

    @property
    def tekst(self):
        """What they do here (a `Tekst`, Dutch as typed); falls back to the
        organisation's own description in the reader's language."""
        if self.omschrijving:
            return nederlands(self.omschrijving)
        return self.organisatie.beschrijving_tekst

    @property
    def aanmelden_tekst(self):
        """How to get in touch, in the reader's language where there is one."""
        return vertaald(self, "aanmelden")

    @property
    def gecontroleerd_op(self):
        """The older of the offer's and the organisation's verification date."""
        dates = [
            d
            for d in (self.laatst_gecontroleerd, self.organisatie.laatst_gecontroleerd)
            if d
        ]
        return min(dates)


class MeldingStatus(models.TextChoices):
    NIEUW = "nieuw", _("nieuw")
    AFGEHANDELD = "afgehandeld", _("afgehandeld")


class MeldingQuerySet(models.QuerySet):
    def beheerd_door(self, user):
        """Reports about the gemeenten this user keeps (fail closed)."""
        return self.filter(gemeente__in=Gemeente.objects.beheerd_door(user))

    def nieuw(self):
        return self.filter(status=MeldingStatus.NIEUW)


class Melding(models.Model):
    """A visitor's report that something on a path page is wrong.

    Holds what the visitor typed and, only if they gave it, an e-mail address
    for a reply; nothing about the visitor's device or address."""

    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.CASCADE,
        related_name="meldingen",
        verbose_name=_("gemeente"),
    )
    zorgpad = models.ForeignKey(
        Zorgpad,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meldingen",
        verbose_name=_("zorgpad"),
    )
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meldingen",
        verbose_name=_("organisatie"),
        help_text=_(
            "De organisatie waar de melding over gaat, als de bezoeker die koos."
        ),
    )
    bericht = models.TextField(_("wat klopt er niet"), max_length=2000)
    email = models.EmailField(_("e-mail van de melder"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeldingStatus, default=MeldingStatus.NIEUW
    )
    aangemaakt = models.DateTimeField(_("ontvangen"), auto_now_add=True)
    afgehandeld_op = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )

    objects = MeldingQuerySet.as_manager()

    class Meta:
        ordering = ["-aangemaakt"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [
            # Serves the officer's list of new reports per gemeente.
            models.Index(
                fields=["gemeente", "status"], name="melding_gemeente_status_idx"
            ),
        ]

    def __str__(self):
        return f"{self.gemeente}: {self.bericht[:60]}"

    def afhandelen(self, user):
        self.status = MeldingStatus.AFGEHANDELD
        self.afgehandeld_op = timezone.now()
        self.afgehandeld_door = user
        self.save(update_fields=["status", "afgehandeld_op", "afgehandeld_door"])
