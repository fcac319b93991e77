"""The statistics dashboard in the back office: "Statistieken" in the admin's
app list opens it (it is the changelist of the counter model, replaced by
the dashboard). Raw counter rows are never listed or editable."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gemeenten.models import Zorgpad
from zorgpad import spreadsheet

from . import counting, dashboard
from .models import Telling
from .views import CLICKS_PER_MINUTE


@admin.register(Telling)
class StatistiekenAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # Only the dashboard: no change, history or delete pages that could
        # show another gemeente's raw rows.
        return [
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_changelist",
            )
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        gebieden = dashboard.gebieden_voor(request.user)
        zorgpaden = list(Zorgpad.objects.only("titel", "slug"))
        form = dashboard.DashboardForm(request.GET, gebieden, zorgpaden)
        cijfers = None
        if gebieden and form.is_valid():
            data = form.cleaned_data
            cijfers = dashboard.bereken(
                data["gebied"], data["van"], data["tot"], zorgpaden, data["zorgpad"]
            )
            if request.GET.get("formaat") == "csv":
                return self._csv(cijfers)
        query = request.GET.copy()
        query["formaat"] = "csv"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Statistieken"),
            "form": form,
            "gebieden": gebieden,
            "groepen": dashboard.groepen(gebieden),
            "dashboard": cijfers,
            "csv_query": query.urlencode(),
            # The flood guards' limits, so the page can say what "approximate" means.
            "klik_limiet": CLICKS_PER_MINUTE,
            "screening_limiet": counting.SCREENINGS_PER_MINUTE,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/statistieken/dashboard.html", context)

    def _csv(self, cijfers):
        name = slugify(
            f"zorgpad-statistieken-{cijfers.gebied.naam}-{cijfers.van:%Y-%m}-{cijfers.tot:%Y-%m}"
        )
        response = HttpResponse(
            spreadsheet.excel_csv(dashboard.csv_rijen(cijfers)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
