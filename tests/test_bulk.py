"""Bulk export and import: a dry run per row, clear reasons, all or nothing,
and never another gemeente's data."""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from beheer import bulk
from beheer.roles import BELEIDSMEDEWERKER
from gemeenten.models import Aanbod, Organisatie

from .conftest import make_aanbod, make_organisatie, make_user

pytestmark = pytest.mark.django_db

ORGS = reverse("admin:gemeenten_organisatie_changelist")
IMPORT_ORGS = reverse("admin:gemeenten_organisatie_import")
IMPORT_AANBOD = reverse("admin:gemeenten_aanbod_import")


@pytest.fixture
def data(kerkrade, heerlen, zorgpad):
    kerk = make_organisatie(
        naam="Wijkteam Kerkrade", gemeenten=[kerkrade], telefoon="045-111 11 11"
    )
    heer = make_organisatie(naam="Wijkteam Heerlen", gemeenten=[heerlen])
    return {
        "kerk": kerk,
        "heer": heer,
        "kerk_aanbod": make_aanbod(kerk, zorgpad),
        "heer_aanbod": make_aanbod(heer, zorgpad),
    }


@pytest.fixture
def alice(client, officer_kerkrade):
    client.force_login(officer_kerkrade)
    return client


def csv_file(rows, name="organisaties.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"))


def export(client, url, ids, fmt="csv"):
    return client.post(
        url, {"action": f"exporteer_{fmt}", "_selected_action": ids}
    ).content


def read_csv(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


# --- export ----------------------------------------------------------------------


def test_export_holds_only_own_organisations(alice, data):
    content = export(alice, ORGS, [data["kerk"].pk, data["heer"].pk])
    rows = read_csv(content)
    assert rows[0] == bulk.OrganisatieImport.columns
    assert [r[1] for r in rows[1:]] == ["Wijkteam Kerkrade"]
    assert rows[1][11] == "GM0928"  # Kerkrade's CBS code


def test_xlsx_export_opens_and_defuses_formulas(alice, data):
    Organisatie.objects.filter(pk=data["kerk"].pk).update(talen="=HYPERLINK(1)")
    content = export(alice, ORGS, [data["kerk"].pk], fmt="xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]] == bulk.OrganisatieImport.columns
    talen = sheet.cell(row=2, column=bulk.OrganisatieImport.columns.index("talen") + 1)
    assert talen.data_type == "s" and talen.value == "=HYPERLINK(1)"


def test_offer_export_is_scoped(alice, data):
    url = reverse("admin:gemeenten_aanbod_changelist")
    rows = read_csv(
        export(alice, url, [data["kerk_aanbod"].pk, data["heer_aanbod"].pk])
    )
    assert [r[2] for r in rows[1:]] == ["Wijkteam Kerkrade"]


# --- dry run and import ------------------------------------------------------------


def test_round_trip_dry_run_shows_changes_then_imports_with_history(
    alice, data, officer_kerkrade
):
    rows = read_csv(export(alice, ORGS, [data["kerk"].pk]))
    rows[1][3] = "045-222 22 22"  # telefoon; "+" and "-" stay readable
    response = alice.post(IMPORT_ORGS, {"bestand": csv_file(rows)})
    html = response.content.decode()
    assert "0 nieuw, 1 gewijzigd, 0 ongewijzigd, 0 met fouten" in html
    assert "“045-111 11 11” → “045-222 22 22”" in html
    data["kerk"].refresh_from_db()
    assert data["kerk"].telefoon == "045-111 11 11"  # a dry run writes nothing

    payload = response.context["payload"]
    response = alice.post(IMPORT_ORGS, {"payload": payload, "bevestig": "1"})
    assert response.status_code == 302
    data["kerk"].refresh_from_db()
    assert data["kerk"].telefoon == "045-222 22 22"
    entry = LogEntry.objects.get(object_id=str(data["kerk"].pk))
    assert entry.user == officer_kerkrade
    assert "045-222 22 22" in entry.get_change_message()


def test_new_organisation_and_its_offer_by_name(alice, kerkrade, zorgpad):
    header = ["naam", "beschrijving", "telefoon", "postcode", "gemeenten"]
    rows = [header, ["Nieuw Loket", "Helpt.", "06-12345678", "6461ab", "GM0928"]]
    response = alice.post(IMPORT_ORGS, {"bestand": csv_file(rows)})
    alice.post(IMPORT_ORGS, {"payload": response.context["payload"], "bevestig": "1"})
    org = Organisatie.objects.get(naam="Nieuw Loket")
    assert list(org.gemeenten.all()) == [kerkrade]
    assert org.postcode == "6461 AB"
    assert LogEntry.objects.filter(object_id=str(org.pk)).exists()

    rows = [
        ["organisatie", "zorgpad", "aanmelden"],
        ["nieuw loket", zorgpad.slug, "Bel"],
    ]
    response = alice.post(IMPORT_AANBOD, {"bestand": csv_file(rows, "a.csv")})
    assert "1 nieuw" in response.content.decode()
    alice.post(IMPORT_AANBOD, {"payload": response.context["payload"], "bevestig": "1"})
    assert Aanbod.objects.get(organisatie=org).aanmelden == "Bel"


def test_bad_rows_are_refused_with_reasons_and_nothing_is_imported(alice, data):
    header = ["id", "naam", "beschrijving", "telefoon", "email", "website", "gemeenten"]
    rows = [
        header,
        [data["kerk"].pk, "Goed", "x", "045-123 45 67", "", "", "GM0928"],
        ["", "Slecht nummer", "x", "12345", "", "", "GM0928"],
        ["", "Slechte mail", "x", "", "info@", "", "GM0928"],
        ["", "Geen schema", "x", "", "", "www.x.nl", "GM0928"],
        ["", "Andermans gemeente", "x", "", "", "", "GM0917"],
        ["", "Geen gemeente", "x", "", "", "", "GM9999"],
        [data["heer"].pk, "Heerlen overnemen", "x", "", "", "", "GM0928"],
        ["999999", "Bestaat niet", "x", "", "", "", "GM0928"],
    ]
    response = alice.post(IMPORT_ORGS, {"bestand": csv_file(rows)})
    html = response.content.decode()
    assert "payload" not in response.context  # no import button
    assert "Dit is geen Nederlands telefoonnummer" in html
    assert "Dit e-mailadres klopt niet" in html
    assert "Begin het webadres met https://" in html
    assert "GM0917 (Heerlen) hoort niet bij jouw gemeenten" in html
    assert "GM9999 is geen CBS-code" in html
    # Heerlen's id and a missing id get the same answer: nothing leaks.
    assert f"Organisatie {data['heer'].pk} bestaat niet of hoort niet bij" in html
    assert "Organisatie 999999 bestaat niet of hoort niet bij" in html
    assert "Wijkteam Heerlen" not in html
    assert response.context["voorbeeld"].counts["fout"] == 7
    assert not Organisatie.objects.filter(naam__in=["Goed", "Slecht nummer"]).exists()
    data["heer"].refresh_from_db()
    assert data["heer"].naam == "Wijkteam Heerlen"


def test_offer_rows_reject_unknown_zorgpad_and_other_gemeentes_offers(
    alice, data, zorgpad
):
    rows = [
        ["id", "organisatie_id", "zorgpad", "volgorde"],
        ["", data["kerk"].pk, "bestaat-niet", "1"],
        [data["heer_aanbod"].pk, data["kerk"].pk, zorgpad.slug, "1"],
        ["", data["heer"].pk, zorgpad.slug, "1"],
        ["", data["kerk"].pk, zorgpad.slug, "1"],  # Kerkrade has this one already
        [data["kerk_aanbod"].pk, data["kerk"].pk, zorgpad.slug, "twee"],
        [data["kerk_aanbod"].pk, data["kerk"].pk, zorgpad.slug, "-1"],
        [data["kerk_aanbod"].pk, data["kerk"].pk, zorgpad.slug, "99999999999"],
    ]
    response = alice.post(IMPORT_AANBOD, {"bestand": csv_file(rows, "a.csv")})
    html = response.content.decode()
    assert "Zorgpad “bestaat-niet” bestaat niet" in html
    assert f"Aanbod {data['heer_aanbod'].pk} bestaat niet of hoort niet bij" in html
    assert f"Organisatie {data['heer'].pk} bestaat niet of hoort niet bij" in html
    assert "heeft al aanbod in dit zorgpad" in html
    assert html.count("Volgorde: vul een heel getal van 0 tot 32767 in") == 3
    assert "payload" not in response.context
    assert (
        not Aanbod.objects.filter(organisatie=data["kerk"])
        .exclude(pk=data["kerk_aanbod"].pk)
        .exists()
    )
    data["heer_aanbod"].refresh_from_db()
    assert data["heer_aanbod"].organisatie == data["heer"]


def test_confirm_checks_again_and_imports_nothing_when_rights_changed(
    alice, data, officer_kerkrade
):
    rows = read_csv(export(alice, ORGS, [data["kerk"].pk]))
    rows[1][1] = "Nieuwe naam"
    response = alice.post(IMPORT_ORGS, {"bestand": csv_file(rows)})
    payload = response.context["payload"]
    officer_kerkrade.beheerde_gemeenten.clear()  # reassigned meanwhile
    response = alice.post(IMPORT_ORGS, {"payload": payload, "bevestig": "1"})
    assert response.status_code == 200
    assert "bestaat niet of hoort niet bij" in response.content.decode()
    data["kerk"].refresh_from_db()
    assert data["kerk"].naam == "Wijkteam Kerkrade"


def test_a_forged_payload_is_refused(alice, data):
    response = alice.post(IMPORT_ORGS, {"payload": "nep:payload", "bevestig": "1"})
    assert response.status_code == 302
    assert response.url == IMPORT_ORGS


def test_xlsx_import_keeps_leading_zeros(alice, data):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "naam", "telefoon"])
    sheet.append([data["kerk"].pk, "Wijkteam Kerkrade", "0451234567"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("o.xlsx", buffer.getvalue())
    response = alice.post(IMPORT_ORGS, {"bestand": upload})
    alice.post(IMPORT_ORGS, {"payload": response.context["payload"], "bevestig": "1"})
    data["kerk"].refresh_from_db()
    assert data["kerk"].telefoon == "0451234567"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("o.txt", b"naam\nx", "Kies een CSV- of XLSX-bestand"),
        ("o.csv", b"", "leeg"),
        ("o.csv", b"telefoon\n045", "De kolom naam ontbreekt"),
        ("o.csv", b"naam;wachtwoord\nx;y", "Onbekende kolom: wachtwoord"),
        ("o.xlsx", b"not a zip", "kan niet gelezen worden"),
        # Neither UTF-8 nor Windows-1252 (0x81 is undefined there).
        ("o.csv", b"naam\n\x81\xff", "geen CSV-tekst"),
        ("o.csv", b'naam\n"' + b"x" * 140_000 + b'"', "kan niet gelezen worden"),
    ],
)
def test_unreadable_files_get_a_clear_message(alice, data, name, content, message):
    response = alice.post(IMPORT_ORGS, {"bestand": SimpleUploadedFile(name, content)})
    assert message in response.content.decode()


def test_import_needs_add_and_change_rights(client, kerkrade, data):
    viewer = make_user("vera", None, [kerkrade])
    client.force_login(viewer)
    assert client.get(IMPORT_ORGS).status_code == 403
    officer = make_user("otto", BELEIDSMEDEWERKER, [kerkrade])
    client.force_login(officer)
    assert client.get(IMPORT_ORGS).status_code == 200
