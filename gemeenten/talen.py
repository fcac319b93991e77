"""Which language each piece of text on a page is in.

Officers write local texts in Dutch; national texts exist per language with
Dutch as fallback. A screen reader reads a block with the page's voice unless
the block says otherwise (WCAG 3.1.2, Language of Parts), so every text that
is not in the page's language carries `lang` (and `dir` where the direction
differs). `Tekst` is a string that knows its language; templates write
`<p{{ tekst.lang }}>{{ tekst }}</p>`.
"""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, gettext
from django.utils.translation import gettext_lazy as _

NL = "nl"


class Tekst(str):
    """A text together with the language it is written in."""

    def __new__(cls, value, taal):
        tekst = super().__new__(cls, value or "")
        tekst.taal = taal
        return tekst

    @property
    def lang(self):
        """The attributes its element needs on the current page."""
        return lang_attrs(self.taal)


def lang_attrs(taal):
    """` lang="nl"` (with `dir` where the direction differs) when a text in
    `taal` sits on a page in another language; nothing when they match."""
    pagina = get_language()
    if not taal or taal == pagina:
        return ""
    rtl = taal in settings.LANGUAGES_BIDI
    attrs = f' lang="{taal}"'
    if rtl != get_language_bidi():
        attrs += ' dir="rtl"' if rtl else ' dir="ltr"'
    return mark_safe(attrs)  # built from language codes in settings only


def vertaald(obj, field):
    """`obj.<field>` as this page's reader gets it, with its language: the
    reader's own version if there is one (a modeltranslation field, or a
    hand-made `<field>_en`), otherwise the Dutch text."""
    taal = get_language()
    if taal != NL:
        eigen = getattr(obj, f"{field}_{taal}", None)
        if eigen:
            return Tekst(eigen, taal)
    dutch = getattr(obj, f"{field}_{NL}", None)  # modeltranslation's Dutch column
    return Tekst(getattr(obj, field) if dutch is None else dutch, NL)


def nederlands(value):
    """A text an officer typed, always Dutch."""
    return Tekst(value, NL)


# ISO 639 codes for the languages officers type in Dutch ("Nederlands, Engels").
LANGUAGE_CODES = {
    "nederlands": "nl",
    "engels": "en",
    "duits": "de",
    "frans": "fr",
    "spaans": "es",
    "portugees": "pt",
    "italiaans": "it",
    "pools": "pl",
    "roemeens": "ro",
    "bulgaars": "bg",
    "hongaars": "hu",
    "grieks": "el",
    "russisch": "ru",
    "oekraïens": "uk",
    "turks": "tr",
    "arabisch": "ar",
    "tigrinya": "ti",
    "somalisch": "so",
    "farsi": "fa",
    "perzisch": "fa",
    "dari": "prs",
    "pasjtoe": "ps",
    "koerdisch": "ku",
    "berbers": "ber",
    "tamazight": "ber",
    "papiaments": "pap",
    "chinees": "zh",
    "mandarijn": "zh",
    "hindi": "hi",
    "fries": "fy",
    "limburgs": "li",
    "nederlandse gebarentaal": "dse",
    "gebarentaal": "dse",
}
# Words in the languages field that are not a language ("Turks en meer").
NOT_A_LANGUAGE = {"meer", "andere", "andere talen", "enz", "etc"}

# Names Django's own catalogues do not translate (Django names the rest).
TAALNAMEN = {
    "ti": _("Tigrinya"),
    "so": _("Somalisch"),
    "prs": _("Dari"),
    "ps": _("Pasjtoe"),
    "ku": _("Koerdisch"),
    "ber": _("Berbers (Tamazight)"),
    "pap": _("Papiaments"),
    "zh": _("Chinees"),
    "li": _("Limburgs"),
    "dse": _("Nederlandse Gebarentaal"),
}


def taalnamen(talen):
    """'Nederlands, Engels en Turks' -> ['Nederlands', 'Engels', 'Turks']:
    the names an officer typed, in order, without doubles."""
    names = []
    for part in talen.replace(" en ", ",").split(","):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    return names


def talen_in_paginataal(talen):
    """The languages an organisation speaks, each named in the page's
    language where we know it; a name we do not know stays Dutch (and says so)."""
    if get_language() == NL:
        return [nederlands(talen)] if talen.strip() else []
    result = []
    for name in taalnamen(talen):
        code = LANGUAGE_CODES.get(name.casefold())
        if name.casefold() in NOT_A_LANGUAGE:
            result.append(Tekst(str(_("andere talen")), get_language()))
        elif code in TAALNAMEN:
            result.append(Tekst(str(TAALNAMEN[code]), get_language()))
        elif code in LANG_INFO:
            result.append(Tekst(gettext(LANG_INFO[code]["name"]), get_language()))
        else:
            result.append(nederlands(name))
    return result
