"""Admin side of the bulk export and import (the work itself is in bulk.py)."""

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gemeenten.models import Gemeente

from . import bulk

SIGNING_SALT = "zorgpad.bulk-import"
PREVIEW_MAX_AGE = 60 * 60  # seconds between the dry run and the import


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "Een CSV- of XLSX-bestand met de kolommen van de export. "
            "Eerst zie je per rij wat er verandert; er wordt dan nog niets opgeslagen."
        ),
    )


class GemeenteFilter(admin.SimpleListFilter):
    """Filter by one of the officer's own gemeenten (for the export)."""

    title = _("gemeente")
    parameter_name = "gemeente"

    def lookups(self, request, model_admin):
        gemeenten = Gemeente.objects.beheerd_door(request.user)
        if request.user.has_perm("gemeenten.alle_gemeenten"):
            return []  # 342 gemeenten: editors search instead
        choices = [(g.cbs_code, g.naam) for g in gemeenten]
        return choices if len(choices) > 1 else []

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(gemeenten__cbs_code=self.value())
        return queryset


class BulkMixin:
    """Export actions and an import page with a dry run, for a scoped admin."""

    importer = None  # a bulk.Importer class
    change_list_template = "admin/gemeenten/change_list_bulk.html"

    # Listed in each admin's `actions`; they run on the changelist's
    # queryset: scoped, filtered and selected.
    @admin.action(description=_("Exporteer selectie als CSV"), permissions=["view"])
    def exporteer_csv(self, request, queryset):
        return _export(self, queryset, "csv")

    @admin.action(description=_("Exporteer selectie als XLSX"), permissions=["view"])
    def exporteer_xlsx(self, request, queryset):
        return _export(self, queryset, "xlsx")

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "importeren/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _("%(naam)s importeren") % {"naam": opts.verbose_name_plural},
            "columns": self.importer.columns,
        }
        form = ImportForm()
        if request.method == "POST" and "bevestig" in request.POST:
            return self._confirm(request, context)
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    rows = self.importer.read(form.cleaned_data["bestand"])
                except bulk.ImportFileError as exc:
                    form.add_error("bestand", str(exc))
                else:
                    voorbeeld = self.importer(request.user).preview(rows)
                    context["voorbeeld"] = voorbeeld
                    if not voorbeeld.has_errors:
                        context["payload"] = signing.dumps(
                            rows, salt=SIGNING_SALT, compress=True
                        )
        context["form"] = form
        return TemplateResponse(request, "admin/gemeenten/import.html", context)

    def _confirm(self, request, context):
        """Import what the dry run showed: checked again, all or nothing."""
        try:
            rows = signing.loads(
                request.POST.get("payload", ""),
                salt=SIGNING_SALT,
                max_age=PREVIEW_MAX_AGE,
            )
        except signing.BadSignature:
            messages.error(
                request, _("De proefimport is verlopen; kies het bestand opnieuw.")
            )
            return HttpResponseRedirect(request.path)
        voorbeeld = self.importer(request.user).preview(rows)
        if voorbeeld.has_errors:
            # The data changed since the dry run: show why, import nothing.
            context.update(form=ImportForm(), voorbeeld=voorbeeld)
            return TemplateResponse(request, "admin/gemeenten/import.html", context)
        counts = bulk.apply(voorbeeld, request.user)
        messages.success(
            request,
            _(
                "Geïmporteerd: %(nieuw)d nieuw, %(gewijzigd)d gewijzigd, "
                "%(ongewijzigd)d ongewijzigd."
            )
            % counts,
        )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        )


def _export(modeladmin, queryset, fmt):
    header, rows = modeladmin.importer.export(queryset)
    if fmt == "csv":
        content, content_type = bulk.to_csv(header, rows), "text/csv; charset=utf-8"
    else:
        content = bulk.to_xlsx(header, rows)
        content_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    name = f"{modeladmin.model._meta.verbose_name_plural}-{timezone.localdate()}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
