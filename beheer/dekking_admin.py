"""The coverage page in the back office (/beheer/dekking/): national
editors see every gemeente, region officers those of their regions, anybody
else gets 403 (fail closed). The figures come from dekking.py; this module
only reads the request and renders the page or its CSV export."""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gemeenten.models import Provincie, Regio, is_landelijke_redactie
from zorgpad import spreadsheet

from . import dekking


def mag_dekking_zien(user):
    """National editors and officers of at least one region."""
    return is_landelijke_redactie(user) or (
        user.has_perm("gemeenten.view_gemeente")
        and Regio.objects.beheerd_door(user).exists()
    )


@require_safe
def dekking_view(request):
    """Wrapped in admin_view in zorgpad/urls.py: staff only, never cached."""
    user = request.user
    if not mag_dekking_zien(user):
        raise PermissionDenied
    zichtbaar = (
        None
        if is_landelijke_redactie(user)
        else set(Regio.objects.beheerd_door(user).values_list("pk", flat=True))
    )
    cijfers = dekking.bereken(dekking.gemeenten_voor(user), zichtbaar)
    provincie = request.GET.get("provincie", "")
    if provincie not in Provincie.values:
        provincie = ""
    regio = request.GET.get("regio", "")
    if regio not in {r.slug for r in cijfers.regios}:
        regio = ""
    sortering = request.GET.get("o", "naam")
    rijen = dekking.filter_en_sorteer(cijfers.rijen, provincie, regio, sortering)

    if request.GET.get("formaat") == "csv":
        response = HttpResponse(
            spreadsheet.excel_csv(dekking.csv_rijen(cijfers, rijen)),
            content_type="text/csv; charset=utf-8",
        )
        naam = f"zorgpad-dekking-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{naam}"'
        return response

    filters = {k: v for k, v in (("provincie", provincie), ("regio", regio)) if v}
    context = {
        **admin.site.each_context(request),
        "title": _("Dekking per gemeente"),
        "dekking": cijfers,
        "rijen": rijen,
        "tabel": _tabel(rijen, cijfers.paden),
        "kolommen": _kolommen(filters, sortering),
        "provincies": Provincie.choices,
        "provincie": provincie,
        "regio": regio,
        "csv_query": _query({**filters, "o": sortering, "formaat": "csv"}),
        "regio_kop": dekking.regio_kop(),
        "regio_rijen": [dekking.regio_rij(c) for c in cijfers.per_regio],
        "gefilterd": bool(filters),
    }
    return TemplateResponse(request, "admin/dekking.html", context)


def _tabel(rijen, paden):
    """The body of the gemeenten table. Built here rather than in the
    template: 342 rows of eight cells through the template engine cost
    several times the queries behind them (bench/dekking.py)."""
    index = reverse("admin:index")
    ja, regio, nee = _("ja"), _("via de regio"), _("nee")
    provincies = dict(Provincie.choices)
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}?gemeente={}#volledigheid">{}</a></th>'
        '<td>{}</td><td class="getal">{}/{}</td><td class="getal">{}</td>'
        '<td class="getal">{}</td><td class="getal">{}</td><td>{}</td>'
        '<td class="datum">{}</td></tr>',
        (
            (
                index,
                rij.gemeente.slug,
                rij.gemeente.naam,
                provincies.get(rij.gemeente.provincie, rij.gemeente.provincie),
                rij.paden,
                paden,
                rij.organisaties,
                "–" if rij.aandeel is None else f"{rij.aandeel}%",
                rij.meldingen,
                {"gemeente": ja, "regio": regio}.get(rij.beheerder, nee),
                f"{timezone.localtime(rij.gewijzigd):%Y-%m-%d}"
                if rij.gewijzigd
                else "–",
            )
            for rij in rijen
        ),
    )


def _kolommen(filters, sortering):
    """Column heads with the link that sorts by them (again: reversed)."""
    kolommen = []
    for sleutel, kop in dekking.kolommen():
        if sortering == sleutel:
            richting, volgende = "ascending", f"-{sleutel}"
        elif sortering == f"-{sleutel}":
            richting, volgende = "descending", sleutel
        else:
            richting, volgende = "", sleutel
        kolommen.append(
            {
                "kop": kop,
                "richting": richting,
                "url": _query({**filters, "o": volgende}),
            }
        )
    return kolommen


def _query(params):
    return "?" + urlencode(params)
