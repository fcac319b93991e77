"""The national texts parents read get a version per language (modeltranslation:
`titel_nl`, `titel_en`, …; `titel` gives the active language, falling back to Dutch)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Zorgpad


@register(Zorgpad)
class ZorgpadTranslationOptions(TranslationOptions):
    fields = (
        "titel",
        "samenvatting",
        "doel",
        "stappen",
        "achtergrond",
        "zoekwoorden",
    )
