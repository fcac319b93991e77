"""The back office. Officers see only their own gemeenten's data; every
queryset and every choice list goes through `beheerd_door(user)`, which
returns nothing for a user without an assignment (fail closed)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import (
    Aanbod,
    Gemeente,
    LokaalZorgpad,
    Organisatie,
    Regio,
    Zorgpad,
    is_landelijke_redactie,
)

admin.site.site_header = _("Zorgpad – beheer")
admin.site.site_title = _("Zorgpad beheer")
admin.site.index_title = _("Gegevens van je gemeente")


@admin.register(Regio)
class RegioAdmin(admin.ModelAdmin):
    list_display = ["naam"]
    prepopulated_fields = {"slug": ["naam"]}
    search_fields = ["naam"]


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "cbs_code", "provincie", "gepubliceerd"]
    list_filter = ["provincie", "gepubliceerd"]
    search_fields = ["naam", "cbs_code", "andere_namen"]
    filter_horizontal = ["regios", "beheerders"]

    def get_queryset(self, request):
        return super().get_queryset(request).beheerd_door(request.user)

    def get_readonly_fields(self, request, obj=None):
        if is_landelijke_redactie(request.user):
            return []
        # Officers edit their local texts, not the reference data.
        return ["cbs_code", "naam", "slug", "provincie", "regios", "gepubliceerd"]

    def get_exclude(self, request, obj=None):
        return [] if is_landelijke_redactie(request.user) else ["beheerders"]


@admin.register(Zorgpad)
class ZorgpadAdmin(TranslationAdmin):
    # TranslationAdmin shows the Dutch and English text side by side.
    list_display = ["titel", "urgentie", "gevoelig", "volgorde"]
    list_editable = ["volgorde"]
    prepopulated_fields = {"slug": ["titel_nl"]}
    search_fields = ["titel", "samenvatting"]


class AanbodInline(admin.StackedInline):
    model = Aanbod
    extra = 0
    fields = [
        "zorgpad",
        "omschrijving",
        "aanmelden",
        "contactpersoon",
        "volgorde",
        "laatst_gecontroleerd",
        "gepubliceerd",
    ]


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = [
        "naam",
        "plaats",
        "telefoon",
        "laatst_gecontroleerd",
        "gepubliceerd",
    ]
    list_filter = ["landelijk", "gepubliceerd", "is_demo"]
    search_fields = ["naam", "plaats", "email"]
    date_hierarchy = "laatst_gecontroleerd"
    inlines = [AanbodInline]

    def get_queryset(self, request):
        return super().get_queryset(request).beheerd_door(request.user)

    def get_fields(self, request, obj=None):
        fields = [
            "naam",
            "beschrijving",
            ("telefoon", "telefoon_toelichting"),
            "email",
            "website",
            "adres",
            ("postcode", "plaats"),
            "talen",
            "gemeenten",
            "laatst_gecontroleerd",
            "gepubliceerd",
        ]
        if is_landelijke_redactie(request.user):
            fields[8:8] = ["landelijk", "regios"]
            fields.append("is_demo")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not is_landelijke_redactie(request.user):
            # Without one of their gemeenten the organisation would vanish
            # from the officer's own list.
            form.base_fields["gemeenten"].required = True
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "gemeenten":
            kwargs["queryset"] = Gemeente.objects.beheerd_door(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        # An officer's form only offers their own gemeenten; keep the links to
        # other gemeenten they cannot see, so saving never removes them.
        if not is_landelijke_redactie(request.user) and change:
            hidden = form.instance.gemeenten.exclude(
                pk__in=Gemeente.objects.beheerd_door(request.user)
            )
            form.cleaned_data["gemeenten"] = [*form.cleaned_data["gemeenten"], *hidden]
        super().save_related(request, form, formsets, change)


@admin.register(LokaalZorgpad)
class LokaalZorgpadAdmin(admin.ModelAdmin):
    list_display = ["zorgpad", "gemeente"]
    list_filter = ["zorgpad"]
    search_fields = ["gemeente__naam", "zorgpad__titel"]
    list_select_related = ["zorgpad", "gemeente"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(gemeente__in=Gemeente.objects.beheerd_door(request.user))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "gemeente":
            kwargs["queryset"] = Gemeente.objects.beheerd_door(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
