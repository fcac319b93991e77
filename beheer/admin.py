"""The back office. Officers see only their own gemeenten's data; every
queryset, every choice list, autocomplete and every object permission goes
through `beheerd_door(user)`, which returns nothing for a user without an
assignment (fail closed)."""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin

from gemeenten import validators
from gemeenten.models import (
    ORGANISATIE_TEKSTVELDEN,
    Aanbod,
    Gemeente,
    LokaalZorgpad,
    Melding,
    MeldingStatus,
    Organisatie,
    Regio,
    Zorgpad,
    een_jaar_voor,
    is_landelijke_redactie,
)

from . import bulk, bulk_admin, voorinvullen
from .login import OTPAdminLoginForm

admin.site.site_header = _("Zorgpad – beheer")
admin.site.site_title = _("Zorgpad beheer")
admin.site.index_title = _("Gegevens van je gemeente")
# Who set up an authenticator app also types its code (login.py).
admin.site.login_form = OTPAdminLoginForm

# Contact details whose old and new value go into the history, so a gemeente
# can answer "since when is this number here?".
TRACKED_VALUES = ["telefoon", "email", "website", "adres", "postcode", "plaats"]


class ScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows are limited by `scope(queryset, user)`, for the
    list and for every object-level permission (defence in depth: the change,
    delete and history views already load objects through get_queryset).

    The choices of the fields in `scoped_fields` (foreign keys and
    many-to-many) are limited the same way: to `beheerd_door(user)` of the
    model they point to."""

    scoped_fields = ("gemeente", "gemeenten", "organisatie", "regios")

    def scope(self, queryset, user):
        raise NotImplementedError

    def get_queryset(self, request):
        return self.scope(super().get_queryset(request), request.user)

    def _scope_choices(self, db_field, request, kwargs):
        if db_field.name in self.scoped_fields:
            manager = db_field.related_model._default_manager
            kwargs["queryset"] = manager.beheerd_door(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def in_scope(self, request, obj):
        cache = request.__dict__.setdefault("_zorgpad_scope", {})
        key = (self.model, obj.pk)
        if key not in cache:
            cache[key] = self.scope(
                self.model._default_manager.filter(pk=obj.pk), request.user
            ).exists()
        return cache[key]

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self.in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.in_scope(request, obj))

    def construct_change_message(self, request, form, formsets, add=False):
        """Django's message (which fields changed), plus old and new value of
        the contact details."""
        message = super().construct_change_message(request, form, formsets, add)
        changed = [f for f in TRACKED_VALUES if f in getattr(form, "changed_data", [])]
        if add or not changed:
            return message
        text = LogEntry(change_message=json.dumps(message)).get_change_message()
        details = "; ".join(
            f"{form.fields[f].label}: “{form.initial.get(f) or ''}” → "
            f"“{form.cleaned_data.get(f) or ''}”"
            for f in changed
        )
        return f"{text} ({details})"


class VerifiedMixin:
    """One click marks an object verified today: an admin action on the list
    and a button on the change form (a POST with CSRF token). Both leave a
    line in the object's history."""

    change_form_template = "admin/gemeenten/change_form_gecontroleerd.html"

    @admin.action(
        description=_("Markeer als gecontroleerd (vandaag)"), permissions=["change"]
    )
    def markeer_gecontroleerd(self, request, queryset):
        count = mark_verified(request.user, queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d gemarkeerd als gecontroleerd op vandaag.",
                "%(count)d gemarkeerd als gecontroleerd op vandaag.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "een_jaar_geleden": een_jaar_voor()}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/gecontroleerd/",
                self.admin_site.admin_view(require_POST(self.gecontroleerd_view)),
                name=f"{opts.app_label}_{opts.model_name}_gecontroleerd",
            ),
            *super().get_urls(),
        ]

    def gecontroleerd_view(self, request, object_id):
        obj = self.get_object(request, object_id)  # scoped: None if not theirs
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        mark_verified(request.user, self.model._default_manager.filter(pk=obj.pk))
        self.message_user(
            request,
            gettext("“%(obj)s” is gemarkeerd als gecontroleerd op vandaag.")
            % {"obj": obj},
            messages.SUCCESS,
        )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )


def mark_verified(user, queryset):
    """Set laatst_gecontroleerd to today and log it per object; returns the count."""
    today = timezone.localdate()
    with transaction.atomic():
        objects = list(queryset)
        queryset.model._default_manager.filter(pk__in=[o.pk for o in objects]).update(
            laatst_gecontroleerd=today, gewijzigd=timezone.now()
        )
        LogEntry.objects.log_actions(
            user.pk,
            objects,
            action_flag=CHANGE,
            change_message=gettext("Gecontroleerd: de gegevens kloppen op %(date)s.")
            % {"date": today.isoformat()},
        )
    return len(objects)


@admin.register(Regio)
class RegioAdmin(ScopedAdmin):
    list_display = ["naam"]
    prepopulated_fields = {"slug": ["naam"]}
    search_fields = ["naam"]
    filter_horizontal = ["beheerders"]

    def scope(self, queryset, user):
        # Also what the regions autocomplete offers an officer.
        return queryset.beheerd_door(user)

    def get_exclude(self, request, obj=None):
        # Who else is an officer is not an officer's business.
        return [] if is_landelijke_redactie(request.user) else ["beheerders"]


@admin.register(Gemeente)
class GemeenteAdmin(ScopedAdmin):
    list_display = ["naam", "cbs_code", "provincie", "gepubliceerd"]
    list_filter = ["provincie", "gepubliceerd"]
    search_fields = ["naam", "cbs_code", "andere_namen"]
    filter_horizontal = ["regios", "beheerders"]

    def scope(self, queryset, user):
        return queryset.beheerd_door(user)

    def get_readonly_fields(self, request, obj=None):
        if is_landelijke_redactie(request.user):
            return []
        # Officers edit their local texts, not the reference data. Other
        # names feed the national search: an officer could otherwise make
        # "/?q=heerlen" list their own gemeente.
        return [
            "cbs_code",
            "naam",
            "slug",
            "provincie",
            "regios",
            "andere_namen",
            "gepubliceerd",
        ]

    def get_exclude(self, request, obj=None):
        return [] if is_landelijke_redactie(request.user) else ["beheerders"]


@admin.register(Zorgpad)
class ZorgpadAdmin(TranslationAdmin):
    # TranslationAdmin shows the Dutch and English text side by side.
    list_display = ["titel", "urgentie", "gevoelig", "volgorde"]
    list_editable = ["volgorde"]
    prepopulated_fields = {"slug": ["titel_nl"]}
    search_fields = ["titel", "samenvatting"]
    # The background for professionals is Dutch and English only.
    exclude = [f"achtergrond_{taal}" for taal in settings.ZORGPAD_PARENT_LANGUAGES]


class OrganisatieForm(forms.ModelForm):
    """Dutch checks with Dutch messages next to the field (validators.py).

    `user` is who fills it in (`for_user()`): an officer must keep one of
    their own gemeenten or regions on the organisation, or it would vanish
    from their own list."""

    user = None

    class Meta:
        model = Organisatie
        # Every field any role may edit; get_fields() lays out each role's.
        fields = [
            *ORGANISATIE_TEKSTVELDEN,
            "beschrijving_en",
            "landelijk",
            "regios",
            "gemeenten",
            "laatst_gecontroleerd",
            "gepubliceerd",
            "is_demo",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, check in validators.CONTACT_CHECKS.items():
            if name in self.fields:
                self.fields[name].validators = [check]
        if "postcode" in self.fields:
            self.fields["postcode"].widget.attrs["placeholder"] = "1234 AB"

    @classmethod
    def for_user(cls, user):
        """This form (as the admin built it) for one user."""
        return type(cls.__name__, (cls,), {"user": user})

    def clean_postcode(self):
        return validators.normalise_postcode(self.cleaned_data["postcode"])

    def clean(self):
        cleaned = super().clean()
        officer = self.user is not None and not is_landelijke_redactie(self.user)
        if officer and not cleaned.get("gemeenten") and not cleaned.get("regios"):
            self.add_error(
                "gemeenten",
                ValidationError(
                    _("Kies minstens één van je gemeenten."), code="required"
                ),
            )
        return cleaned


class AanbodInline(voorinvullen.VoorgevuldAanbodInline, admin.StackedInline):
    model = Aanbod
    extra = 0
    fields = bulk.AANBOD_FIELDS

    def get_queryset(self, request):
        # Each inline's title shows the offer's organisation and zorgpad.
        return super().get_queryset(request).select_related("organisatie", "zorgpad")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "zorgpad":
            # One query for the zorgpad choices, not one per offer on the form.
            if not hasattr(request, "_zorgpad_keuzes"):
                request._zorgpad_keuzes = list(field.choices)
            field.choices = request._zorgpad_keuzes
        return field


@admin.register(Organisatie)
class OrganisatieAdmin(
    voorinvullen.VoorgevuldeOrganisatie,
    VerifiedMixin,
    bulk_admin.BulkMixin,
    ScopedAdmin,
):
    form = OrganisatieForm
    importer = bulk.OrganisatieImport
    actions = ["markeer_gecontroleerd", "exporteer_csv", "exporteer_xlsx"]
    list_display = [
        "naam",
        "plaats",
        "telefoon",
        "email",
        "laatst_gecontroleerd",
        "gepubliceerd",
    ]
    list_filter = [bulk_admin.GemeenteFilter, "landelijk", "gepubliceerd", "is_demo"]
    search_fields = ["naam", "plaats", "email"]
    date_hierarchy = "laatst_gecontroleerd"
    ordering = ["laatst_gecontroleerd", "naam"]
    inlines = [AanbodInline]

    def scope(self, queryset, user):
        return queryset.beheerd_door(user)

    def get_fields(self, request, obj=None):
        # Side by side on one line: a phone number and its note, postcode and town.
        paren = {
            "telefoon": ("telefoon", "telefoon_toelichting"),
            "postcode": ("postcode", "plaats"),
        }
        naast = {second for _, second in paren.values()}
        fields = [paren.get(f, f) for f in ORGANISATIE_TEKSTVELDEN if f not in naast]
        # The optional English description right under the Dutch one.
        fields.insert(fields.index("beschrijving") + 1, "beschrijving_en")
        if is_landelijke_redactie(request.user):
            fields += ["landelijk", "regios"]
        elif Regio.objects.beheerd_door(request.user).exists():
            fields += ["regios"]
        fields += ["gemeenten", "laatst_gecontroleerd", "gepubliceerd"]
        if is_landelijke_redactie(request.user):
            fields.append("is_demo")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return form.for_user(request.user)


@admin.register(Aanbod)
class AanbodAdmin(VerifiedMixin, bulk_admin.BulkMixin, ScopedAdmin):
    importer = bulk.AanbodImport
    actions = ["markeer_gecontroleerd", "exporteer_csv", "exporteer_xlsx"]
    list_display = [
        "organisatie",
        "zorgpad",
        "laatst_gecontroleerd",
        "gepubliceerd",
    ]
    list_filter = ["zorgpad", "gepubliceerd"]
    list_select_related = ["organisatie", "zorgpad"]
    search_fields = ["organisatie__naam", "zorgpad__titel", "contactpersoon"]
    # No autocomplete_fields: the admin's select2 widget fails axe (inputs
    # without an accessible name). The endpoint itself is scoped all the same.
    date_hierarchy = "laatst_gecontroleerd"
    ordering = ["organisatie__naam", "zorgpad__volgorde"]

    def scope(self, queryset, user):
        return queryset.beheerd_door(user)


@admin.register(LokaalZorgpad)
class LokaalZorgpadAdmin(ScopedAdmin):
    list_display = ["zorgpad", "gemeente"]
    list_filter = ["zorgpad"]
    search_fields = ["gemeente__naam", "zorgpad__titel"]
    list_select_related = ["zorgpad", "gemeente"]

    def scope(self, queryset, user):
        return queryset.filter(gemeente__in=Gemeente.objects.beheerd_door(user))


@admin.register(Melding)
class MeldingAdmin(ScopedAdmin):
    """Visitors' error reports; officers read them and mark them handled."""

    list_display = [
        "aangemaakt",
        "gemeente",
        "zorgpad",
        "organisatie",
        "kort",
        "status",
    ]
    list_filter = ["status", "zorgpad"]
    list_select_related = ["gemeente", "zorgpad", "organisatie"]
    search_fields = ["bericht", "organisatie__naam"]
    date_hierarchy = "aangemaakt"
    actions = ["markeer_afgehandeld"]
    fields = [
        "gemeente",
        "zorgpad",
        "organisatie_link",
        "pagina",
        "bericht",
        "email",
        "aangemaakt",
        "status",
        "afgehandeld_op",
        "afgehandeld_door",
    ]
    readonly_fields = [f for f in fields if f != "status"]

    def scope(self, queryset, user):
        return queryset.beheerd_door(user)

    def has_add_permission(self, request):
        return False  # reports come from visitors, through the public form

    @admin.display(description=_("bericht"))
    def kort(self, obj):
        return obj.bericht[:80] + ("…" if len(obj.bericht) > 80 else "")

    @admin.display(description=_("organisatie"))
    def organisatie_link(self, obj):
        """Straight to the organisation, when the officer may edit it."""
        org = obj.organisatie
        if org is None:
            return "–"
        if not getattr(obj, "organisatie_bewerkbaar", False):
            return str(org)
        url = reverse("admin:gemeenten_organisatie_change", args=[org.pk])
        return format_html('<a href="{}">{}</a>', url, org)

    @admin.display(description=_("pagina"))
    def pagina(self, obj):
        if obj.zorgpad is None:
            url = obj.gemeente.get_absolute_url()
        else:
            url = reverse(
                "gemeenten:zorgpad", args=[obj.gemeente.slug, obj.zorgpad.slug]
            )
        return format_html('<a href="{}">{}</a>', url, url)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and obj.organisatie_id:
            # organisatie_link links only to what this officer may edit.
            obj.organisatie_bewerkbaar = (
                Organisatie.objects.beheerd_door(request.user)
                .filter(pk=obj.organisatie_id)
                .exists()
            )
        return obj

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status == MeldingStatus.AFGEHANDELD:
            obj.afhandelen(request.user)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Markeer als afgehandeld"), permissions=["change"])
    def markeer_afgehandeld(self, request, queryset):
        meldingen = list(queryset.nieuw())
        for melding in meldingen:
            melding.afhandelen(request.user)
        LogEntry.objects.log_actions(
            request.user.pk,
            meldingen,
            action_flag=CHANGE,
            change_message=gettext("Afgehandeld."),
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d melding afgehandeld.",
                "%(count)d meldingen afgehandeld.",
                len(meldingen),
            )
            % {"count": len(meldingen)},
            messages.SUCCESS,
        )
