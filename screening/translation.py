"""The questionnaire per language, both voices; missing English falls back to Dutch."""

from modeltranslation.translator import TranslationOptions, register

from .models import Domein, Optie, Signaal, Vraag


@register(Domein)
class DomeinTranslationOptions(TranslationOptions):
    fields = ("titel",)


@register(Vraag)
class VraagTranslationOptions(TranslationOptions):
    fields = ("tekst_professional", "tekst_client", "tip")


@register(Optie)
class OptieTranslationOptions(TranslationOptions):
    fields = ("label_professional", "label_client")


@register(Signaal)
class SignaalTranslationOptions(TranslationOptions):
    fields = ("reden",)
