"""The statistics dashboard: officers see their own gemeente's figures, the
national editors everything; the numbers are the raw counts, by Amsterdam
month; the CSV export is exactly what the page shows."""

import csv
import datetime
import io
import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from gemeenten.models import Zorgpad
from statistieken import counting
from statistieken import dashboard as dashboard_module
from statistieken.models import Soort, Telling

from .conftest import make_user

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("admin:statistieken_telling_changelist")
UTC = datetime.UTC
PERIOD = {"van": "2026-01", "tot": "2026-06"}


def at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def counts(kerkrade, heerlen):
    """A crafted month of usage, with events on the edges of months."""
    a, b = Zorgpad.objects.order_by("volgorde")[:2]
    events = [
        # 23:30 UTC on 31 January is 1 February in Amsterdam ...
        (Soort.OVERZICHT, kerkrade, None, at(2026, 1, 31, 23, 30)),
        # ... 22:30 UTC is still 31 January.
        (Soort.OVERZICHT, kerkrade, None, at(2026, 1, 31, 22, 30)),
        # 22:30 UTC on 30 June is 1 July in Amsterdam (summer time): outside.
        (Soort.OVERZICHT, kerkrade, None, at(2026, 6, 30, 22, 30)),
        (Soort.OVERZICHT, kerkrade, None, at(2025, 12, 31, 12)),  # before
        *[(Soort.PAD, kerkrade, a, at(2026, 3, d)) for d in (1, 2, 31)],
        *[(Soort.PAD, kerkrade, b, at(2026, 2, d)) for d in (1, 28)],
        (Soort.PAD, kerkrade, b, at(2026, 3, 31, 22, 30)),  # 1 April
        (Soort.TELEFOON, kerkrade, a, at(2026, 3, 5)),
        (Soort.WEBSITE, kerkrade, b, at(2026, 3, 5)),
        (Soort.EMAIL, kerkrade, b, at(2026, 3, 6)),
        (Soort.MELDING, kerkrade, None, at(2026, 5, 1)),
        *[(Soort.OVERZICHT, heerlen, None, at(2026, 2, 3)) for _ in range(5)],
        *[(Soort.PAD, heerlen, a, at(2026, 2, 3)) for _ in range(4)],
    ]
    for soort, gemeente, zorgpad, moment in events:
        counting.record(soort, gemeente, zorgpad, moment=moment)
    counting.record_screening(kerkrade, [a, b], moment=at(2026, 4, 2))
    return {"a": a, "b": b}


class Tables(HTMLParser):
    """The text of every <table>, by id, and the summary paragraph."""

    def __init__(self, html):
        super().__init__()
        self.tables, self.summary = {}, None
        self._table = self._row = self._cell = None
        self._in_summary = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (attrs.get("id") or "").startswith("per-"):
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""
        elif tag == "p" and "statistieken-samenvatting" in (attrs.get("class") or ""):
            self._in_summary, self.summary = True, ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "p":
            self._in_summary = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._in_summary:
            self.summary += data


def dashboard(client, user, **params):
    client.force_login(user)
    response = client.get(DASHBOARD, params)
    assert response.status_code == 200
    return response


def raw_per_month(gemeente, soorten, zorgpad=None):
    """Straight from the daily rows, not the monthly rollup the page reads."""
    per_month = defaultdict(int)
    rows = Telling.objects.filter(gemeente=gemeente, soort__in=soorten)
    if zorgpad is not None:
        rows = rows.filter(zorgpad=zorgpad)
    for row in rows:
        per_month[row.dag.month] += row.aantal
    return per_month


def test_officer_sees_the_raw_counts_by_amsterdam_month(
    client, officer_kerkrade, kerkrade, counts
):
    response = dashboard(client, officer_kerkrade, **PERIOD)
    page = Tables(response.content.decode())
    months = page.tables["per-maand"]
    assert months[0] == [
        "Maand",
        "Overzicht bekeken",
        "Zorgpaden bekeken",
        "Contactklikken",
        "Screenings",
        "Foutmeldingen",
    ]
    assert [row[0] for row in months[1:]] == [
        "januari 2026",
        "februari 2026",
        "maart 2026",
        "april 2026",
        "mei 2026",
        "juni 2026",
    ]
    columns = [
        (Soort.OVERZICHT,),
        (Soort.PAD,),
        (Soort.TELEFOON, Soort.EMAIL, Soort.WEBSITE),
        (Soort.SCREENING,),
        (Soort.MELDING,),
    ]
    for i, soorten in enumerate(columns, start=1):
        raw = raw_per_month(kerkrade, soorten)
        assert [int(row[i]) for row in months[1:]] == [raw[m] for m in range(1, 7)]
    # The hand-counted expectation for the edges, to be sure of the above.
    assert [row[1] for row in months[1:]] == ["1", "1", "0", "0", "0", "0"]
    assert [row[2] for row in months[1:]] == ["0", "2", "3", "1", "0", "0"]


def test_table_per_zorgpad_and_summary_sentence(client, officer_kerkrade, counts):
    a, b = counts["a"], counts["b"]
    page = Tables(dashboard(client, officer_kerkrade, **PERIOD).content.decode())
    per_pad = {row[0]: row[1:] for row in page.tables["per-zorgpad"][1:]}
    assert page.tables["per-zorgpad"][0] == [
        "Zorgpad",
        "Bekeken",
        "Contactklikken",
        "Gesignaleerd door screening",
    ]
    assert per_pad[a.titel] == ["3", "1", "1"]
    assert per_pad[b.titel] == ["3", "2", "1"]
    assert len(per_pad) == 16 and all(
        row == ["0", "0", "0"]
        for t, row in per_pad.items()
        if t not in (a.titel, b.titel)
    )
    assert page.summary == (
        "Van januari 2026 tot en met juni 2026 is de overzichtspagina van "
        "Kerkrade 2 keer bekeken. Een specifiek zorgpad is 6 keer geopend. "
        # A tie goes in alphabetical order.
        f"Meest bekeken: {' (3x), '.join(sorted([a.titel, b.titel]))} (3x). "
        "Er is 3 keer op een telefoonnummer, e-mailadres of website geklikt. "
        "De screening is 1 keer ingevuld. Er is 1 foutmelding verstuurd."
    )
    assert "Heerlen" not in page.summary


def test_english_summary_is_whole_translated_sentences(kerkrade, counts):
    """Each sentence is translated as one, singular and plural alike, so a
    language with another word order needs no glued fragments."""
    a, b = counts["a"], counts["b"]
    gebied = dashboard_module.Gebied(kerkrade.slug, kerkrade.naam, gemeente=kerkrade)
    zorgpaden = list(Zorgpad.objects.only("titel", "slug"))
    with translation.override("en"):
        summary = dashboard_module.bereken(
            gebied, datetime.date(2026, 1, 1), datetime.date(2026, 6, 1), zorgpaden
        ).samenvatting
    top = sorted([a.titel_en, b.titel_en])
    assert summary == (
        "From January 2026 up to and including June 2026 the overview page for "
        "Kerkrade was viewed 2 times. A specific care path was opened 6 times. "
        f"Most viewed: {top[0]} (3x), {top[1]} (3x). "
        "Phone numbers, email addresses or websites were clicked 3 times. "
        "The screening was completed 1 time. 1 error report was sent."
    )


def test_trend_per_zorgpad(client, officer_kerkrade, counts):
    b = counts["b"]
    response = dashboard(client, officer_kerkrade, zorgpad=b.slug, **PERIOD)
    months = Tables(response.content.decode()).tables["per-maand"]
    assert months[0] == [
        "Maand",
        "Bekeken",
        "Contactklikken",
        "Gesignaleerd door screening",
    ]
    assert [row[1:] for row in months[1:]] == [
        ["0", "0", "0"],
        ["2", "0", "0"],
        ["0", "2", "0"],
        ["1", "0", "1"],
        ["0", "0", "0"],
        ["0", "0", "0"],
    ]


def test_trend_chart_is_an_accessible_svg_without_inline_style(
    client, officer_kerkrade, counts
):
    html = dashboard(client, officer_kerkrade, **PERIOD).content.decode()
    figure = html[html.index('<figure class="statistieken-grafiek">') :]
    svg = figure[: figure.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="grafiek-titel' in svg
    assert "<title" in svg and "<desc" in svg
    assert svg.count("<polyline") == 3  # overview, paths, contact clicks
    assert " style=" not in html and "<style" not in html
    assert "maart 2026: Zorgpaden bekeken 3" in svg  # each point has a title
    # Lengths with a decimal point, never the Dutch comma ("224,0").
    numbers = re.findall(r'\b(?:x|y|x1|x2|y1|y2|cx|cy)="([^"]*)"', svg)
    assert numbers and all(re.fullmatch(r"[\d.]+", n) for n in numbers), numbers
    points = re.findall(r'points="([^"]*)"', svg)
    assert all(re.fullmatch(r"[\d.]+,[\d.]+( [\d.]+,[\d.]+)*", p) for p in points)


def test_default_period_is_the_last_twelve_months(client, officer_kerkrade):
    from django.utils import timezone

    form = dashboard(client, officer_kerkrade).context["form"]
    today = timezone.localdate()
    van, tot = form.cleaned_data["van"], form.cleaned_data["tot"]
    assert tot == today.replace(day=1)
    assert (tot.year - van.year) * 12 + tot.month - van.month == 11


def test_csv_is_exactly_what_the_page_shows(client, national_editor, counts):
    params = {**PERIOD, "gebied": "nl"}
    page = Tables(dashboard(client, national_editor, **params).content.decode())
    response = client.get(DASHBOARD, {**params, "formaat": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0] == [page.summary]
    # Then each table: blank line, title, head and rows, in the page's order.
    tables, i = [], 1
    while i < len(rows):
        assert rows[i] == []
        j = i + 2
        while j < len(rows) and rows[j]:
            j += 1
        tables.append(rows[i + 2 : j])
        i = j
    assert tables == list(page.tables.values())
    assert list(page.tables) == [
        "per-maand",
        "per-zorgpad",
        "per-regio",
        "per-gemeente",
    ]


def test_csv_never_hands_a_spreadsheet_a_formula(client, national_editor, counts):
    zorgpad = counts["a"]
    zorgpad.titel = '=HYPERLINK("http://example.invalid")'
    zorgpad.save()
    client.force_login(national_editor)
    response = client.get(DASHBOARD, {**PERIOD, "gebied": "nl", "formaat": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert not any(
        cell.startswith("=")
        for row in csv.reader(io.StringIO(text), delimiter=";")
        for cell in row
    )


def test_national_editor_sees_country_regions_and_gemeenten(
    client, national_editor, counts
):
    page = Tables(
        dashboard(client, national_editor, gebied="nl", **PERIOD).content.decode()
    )
    per_gemeente = {row[0]: row[1:] for row in page.tables["per-gemeente"][1:]}
    assert len(per_gemeente) == 342
    assert per_gemeente["Kerkrade"][:2] == ["2", "6"]
    assert per_gemeente["Heerlen"][:2] == ["5", "4"]
    assert per_gemeente["Vaals"][:2] == ["0", "0"]
    per_regio = {row[0]: row[1:] for row in page.tables["per-regio"][1:]}
    assert per_regio["GGD-regio Zuid Limburg"][:2] == ["7", "10"]
    assert "in Heel Nederland 7 keer bekeken" in page.summary
    regio = Tables(
        dashboard(
            client, national_editor, gebied="regio:zuid-limburg", **PERIOD
        ).content.decode()
    )
    assert "per-regio" not in regio.tables
    assert {row[0] for row in regio.tables["per-gemeente"][1:]} >= {
        "Kerkrade",
        "Heerlen",
    }


@pytest.mark.parametrize(
    "params",
    [
        {"gebied": "heerlen"},
        {"gebied": "nl"},
        {"gebied": "regio:zuid-limburg"},
        {"gebied": "heerlen", "formaat": "csv"},
        {"gebied": "kerkrade'; drop table x"},
    ],
)
def test_officer_cannot_see_another_gemeente_by_any_url(
    client, officer_kerkrade, counts, params
):
    response = dashboard(client, officer_kerkrade, **PERIOD, **params)
    assert response["Content-Type"].startswith("text/html")
    assert response.context["dashboard"] is None
    assert response.context["form"].errors["gebied"]
    html = response.content.decode()
    assert "Heerlen" not in html and "Heel Nederland" not in html


def test_officer_chooses_only_own_gemeenten(client, officer_kerkrade, kerkrade):
    form = dashboard(client, officer_kerkrade).context["form"]
    assert form.fields["gebied"].choices == [("kerkrade", "Kerkrade")]


def test_raw_counter_rows_have_no_pages(client, officer_kerkrade, counts):
    row = Telling.objects.filter(gemeente__slug="heerlen").first()
    with pytest.raises(NoReverseMatch):
        reverse("admin:statistieken_telling_change", args=[row.pk])
    client.force_login(officer_kerkrade)
    response = client.get(f"/beheer/statistieken/telling/{row.pk}/change/")
    assert response.status_code == 404


def test_statistics_appear_in_the_admin_for_both_roles(
    client, officer_kerkrade, national_editor
):
    for user in (officer_kerkrade, national_editor):
        client.force_login(user)
        html = client.get(reverse("admin:index")).content.decode()
        assert f'href="{DASHBOARD}"' in html and "Statistieken" in html


def test_officer_without_gemeente_sees_no_figures(client, counts):
    from beheer.roles import BELEIDSMEDEWERKER

    nobody = make_user("dave", BELEIDSMEDEWERKER)
    response = dashboard(client, nobody)
    assert response.context["dashboard"] is None
    assert "Je beheert nog geen gemeente" in response.content.decode()


def test_visitors_and_staff_without_permission_are_kept_out(client):
    assert client.get(DASHBOARD).status_code == 302  # to the login page
    client.force_login(User.objects.create_user("eve", is_staff=True))
    assert client.get(DASHBOARD).status_code == 403


def test_invalid_periods_are_explained(client, officer_kerkrade):
    for params in (
        {"van": "2026-06", "tot": "2026-01"},
        {"van": "2020-01", "tot": "2026-01"},
        {"van": "juni", "tot": "2026-01"},
    ):
        response = dashboard(client, officer_kerkrade, **params)
        assert response.context["dashboard"] is None
        assert response.context["form"].errors


@pytest.mark.parametrize("more", [False, True])
def test_dashboard_queries_do_not_grow_with_the_data(
    client, national_editor, counts, django_assert_max_num_queries, more
):
    if more:
        # Every zorgpad viewed in 20 more gemeenten, in two months.
        from gemeenten.models import Gemeente, Zorgpad

        zorgpaden = list(Zorgpad.objects.all())
        for gemeente in Gemeente.objects.exclude(slug="kerkrade")[:20]:
            for month in (2, 5):
                for zorgpad in zorgpaden:
                    counting.record(
                        Soort.PAD, gemeente, zorgpad, moment=at(2026, month, 3)
                    )
    client.force_login(national_editor)
    for params in ({"gebied": "nl"}, {"gebied": "kerkrade"}):
        # 13 for the dashboard (one of them the former gemeenten of a
        # merger), 2 for the back office's session renewal and two-factor
        # check on every admin request.
        with django_assert_max_num_queries(15):
            assert client.get(DASHBOARD, {**PERIOD, **params}).status_code == 200
