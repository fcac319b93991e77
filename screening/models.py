"""The questionnaire as data: domains, questions in two voices, answer options
and the zorgpaden an option signals. Answers themselves are never stored."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gemeenten.models import Zorgpad


class CodeManager(models.Manager):
    """Fixtures refer to domains and questions by their stable code."""

    def get_by_natural_key(self, code):
        return self.get(code=code)


class Domein(models.Model):
    code = models.SlugField(unique=True)
    titel = models.CharField(_("titel"), max_length=100)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    objects = CodeManager()

    class Meta:
        ordering = ["volgorde"]
        verbose_name = _("domein")
        verbose_name_plural = _("domeinen")

    def __str__(self):
        return self.titel

    def natural_key(self):
        return (self.code,)


class Vraag(models.Model):
    domein = models.ForeignKey(
        Domein,
        on_delete=models.CASCADE,
        related_name="vragen",
        verbose_name=_("domein"),
    )
    code = models.SlugField(
        unique=True, help_text=_("Vast kenmerk in het formulier; niet wijzigen.")
    )
    tekst_professional = models.CharField(
        _("vraag aan de professional"),
        max_length=250,
        help_text=_("Bijvoorbeeld: Heeft uw cliënt …"),
    )
    tekst_client = models.CharField(
        _("vraag aan de cliënt (B1)"),
        max_length=250,
        help_text=_("Eenvoudig Nederlands (B1). Bijvoorbeeld: Heeft u …"),
    )
    tip = models.TextField(
        _("tip voor de professional"),
        blank=True,
        help_text=_(
            "Eén of twee zinnen: hoe vraagt u het in gewone woorden, waarom doet "
            "het ertoe, waar luistert u naar. Alleen professionals zien de tip, "
            "ingeklapt onder de vraag."
        ),
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    objects = CodeManager()

    class Meta:
        ordering = ["domein__volgorde", "volgorde"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self):
        return self.tekst_professional

    def natural_key(self):
        return (self.code,)


class Optie(models.Model):
    vraag = models.ForeignKey(Vraag, on_delete=models.CASCADE, related_name="opties")
    code = models.SlugField(
        help_text=_("Vast kenmerk in het formulier; niet wijzigen.")
    )
    label_professional = models.CharField(_("antwoord (professional)"), max_length=150)
    label_client = models.CharField(_("antwoord (cliënt, B1)"), max_length=150)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    class Meta:
        ordering = ["volgorde"]
        verbose_name = _("antwoordoptie")
        verbose_name_plural = _("antwoordopties")
        constraints = [
            models.UniqueConstraint(
                fields=["vraag", "code"], name="uniek_optie_per_vraag"
            )
        ]

    def __str__(self):
        return self.label_professional


class Sterkte(models.IntegerChoices):
    AANDACHT = 1, _("aandacht")
    DUIDELIJK = 2, _("duidelijk")
    DRINGEND = 3, _("dringend")


class Signaal(models.Model):
    """Choosing this option signals this zorgpad, with a strength."""

    optie = models.ForeignKey(Optie, on_delete=models.CASCADE, related_name="signalen")
    zorgpad = models.ForeignKey(
        Zorgpad,
        on_delete=models.CASCADE,
        related_name="signalen",
        verbose_name=_("zorgpad"),
    )
    sterkte = models.PositiveSmallIntegerField(
        _("sterkte"), choices=Sterkte, default=Sterkte.DUIDELIJK
    )
    reden = models.CharField(
        _("reden in neutrale woorden"),
        max_length=150,
        help_text=_("Wat de uitslag toont, bijvoorbeeld: zorgen over geld genoemd."),
    )

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        constraints = [
            models.UniqueConstraint(
                fields=["optie", "zorgpad"], name="uniek_signaal_per_optie"
            )
        ]

    def __str__(self):
        return f"{self.optie} → {self.zorgpad}"
