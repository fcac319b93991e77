"""The statements exist in every language of the site."""

from modeltranslation.translator import TranslationOptions, register

from .models import Verklaring


@register(Verklaring)
class VerklaringTranslationOptions(TranslationOptions):
    fields = ("titel", "tekst")
