"""What national editors keep besides the directory: the site's statements
(accessibility and privacy) in every language, and per added language whether
its translations have been checked by a person."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VerklaringSoort(models.TextChoices):
    TOEGANKELIJKHEID = "toegankelijkheid", _("toegankelijkheidsverklaring")
    PRIVACY = "privacy", _("privacyverklaring")


class VerklaringManager(models.Manager):
    def get_by_natural_key(self, soort):
        return self.get(soort=soort)


class Verklaring(models.Model):
    """A statement every Dutch public site publishes; the text per language
    (modeltranslation, Dutch as fallback) is edited by national editors."""

    soort = models.CharField(
        _("soort"), max_length=20, choices=VerklaringSoort, unique=True
    )
    titel = models.CharField(_("titel"), max_length=100)
    tekst = models.TextField(
        _("tekst"),
        help_text=_(
            "Een lege regel begint een nieuwe alinea. Een regel die begint met "
            "‘## ’ is een kopje, regels die beginnen met ‘- ’ zijn een opsomming."
        ),
    )
    contact_email = models.EmailField(
        _("e-mail voor vragen en klachten"),
        blank=True,
        help_text=_("Staat onder de verklaring, in elke taal."),
    )
    bijgewerkt = models.DateField(_("bijgewerkt op"), default=timezone.localdate)

    objects = VerklaringManager()

    class Meta:
        ordering = ["soort"]
        verbose_name = _("verklaring")
        verbose_name_plural = _("verklaringen")

    def __str__(self):
        return self.get_soort_display()

    def get_absolute_url(self):
        return reverse(f"redactie:{self.soort}")

    def natural_key(self):
        return (self.soort,)


def _parent_language_choices():
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in settings.ZORGPAD_PARENT_LANGUAGES]


class TaalversieManager(models.Manager):
    def get_by_natural_key(self, taal):
        return self.get(taal=taal)


class Taalversie(models.Model):
    """One of the languages newcomers speak. Until a national editor has
    checked its translations, every page in it says so and links to Dutch."""

    taal = models.CharField(
        _("taal"), max_length=8, unique=True, choices=_parent_language_choices()
    )
    nagekeken = models.BooleanField(
        _("nagekeken door de landelijke redactie"),
        default=False,
        help_text=_(
            "Zet dit aan als een redacteur die de taal goed kent de vertaling "
            "van de site en de teksten heeft nagekeken. Tot dan staat op elke "
            "pagina in deze taal dat de vertaling nieuw is."
        ),
    )
    nagekeken_op = models.DateField(_("nagekeken op"), null=True, blank=True)

    objects = TaalversieManager()

    class Meta:
        ordering = ["taal"]
        verbose_name = _("taalversie")
        verbose_name_plural = _("taalversies")

    def __str__(self):
        return self.get_taal_display()

    def natural_key(self):
        return (self.taal,)


def nagekeken_talen():
    """The added languages a national editor has checked. One query, made
    only on a page in such a language when it is rendered: cached pages are
    rebuilt when a flag changes (redactie/signals.py), so no process keeps
    an old answer for a while."""
    return frozenset(
        Taalversie.objects.filter(nagekeken=True).values_list("taal", flat=True)
    )
