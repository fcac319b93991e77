"""National editors keep the questionnaire: domains, questions with their
options, and what each option signals."""

from django.contrib import admin

from .models import Domein, Optie, Signaal, Vraag


class VraagInline(admin.TabularInline):
    model = Vraag
    fields = ["volgorde", "code", "tekst_professional", "tekst_client"]
    extra = 0
    show_change_link = True


@admin.register(Domein)
class DomeinAdmin(admin.ModelAdmin):
    list_display = ["titel", "volgorde"]
    list_editable = ["volgorde"]
    inlines = [VraagInline]


class OptieInline(admin.TabularInline):
    model = Optie
    fields = ["volgorde", "code", "label_professional", "label_client"]
    extra = 0
    show_change_link = True


@admin.register(Vraag)
class VraagAdmin(admin.ModelAdmin):
    list_display = ["tekst_professional", "domein", "volgorde"]
    list_filter = ["domein"]
    list_select_related = ["domein"]
    search_fields = ["tekst_professional", "tekst_client", "code"]
    inlines = [OptieInline]


class SignaalInline(admin.TabularInline):
    model = Signaal
    fields = ["zorgpad", "sterkte", "reden"]
    extra = 0


@admin.register(Optie)
class OptieAdmin(admin.ModelAdmin):
    list_display = ["label_professional", "vraag"]
    list_select_related = ["vraag"]
    search_fields = ["label_professional", "vraag__tekst_professional"]
    inlines = [SignaalInline]
