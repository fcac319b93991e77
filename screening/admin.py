"""National editors keep the questionnaire: domains, questions with their
options, and what each option signals."""

from django.conf import settings
from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Domein, Optie, Signaal, Vraag


def alleen_nl_en(*fields):
    """The professional voice is Dutch and English only: its columns in the
    languages newcomers speak stay empty and out of the editors' way."""
    return [f"{f}_{taal}" for f in fields for taal in settings.ZORGPAD_PARENT_LANGUAGES]


def nl_en(field):
    """A field's Dutch and English columns, for a form that shows only those."""
    return [f"{field}_nl", f"{field}_en"]


class VraagInline(TranslationTabularInline):
    model = Vraag
    fields = ["volgorde", "code", *nl_en("tekst_professional"), "tekst_client"]
    extra = 0
    show_change_link = True


@admin.register(Domein)
class DomeinAdmin(TranslationAdmin):
    list_display = ["titel", "volgorde"]
    list_editable = ["volgorde"]
    inlines = [VraagInline]


class OptieInline(TranslationTabularInline):
    model = Optie
    fields = ["volgorde", "code", *nl_en("label_professional"), "label_client"]
    extra = 0
    show_change_link = True


@admin.register(Vraag)
class VraagAdmin(TranslationAdmin):
    list_display = ["tekst_professional", "domein", "volgorde"]
    list_filter = ["domein"]
    list_select_related = ["domein"]
    search_fields = ["tekst_professional", "tekst_client", "code"]
    exclude = alleen_nl_en("tekst_professional")
    inlines = [OptieInline]


class SignaalInline(TranslationTabularInline):
    model = Signaal
    fields = ["zorgpad", "sterkte", "reden"]
    extra = 0


@admin.register(Optie)
class OptieAdmin(TranslationAdmin):
    list_display = ["label_professional", "vraag"]
    list_select_related = ["vraag"]
    search_fields = ["label_professional", "vraag__tekst_professional"]
    exclude = alleen_nl_en("label_professional")
    inlines = [SignaalInline]
