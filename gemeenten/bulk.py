"""Bulk export and import of organisations and offers (CSV and XLSX).

An import is always checked in full first: `preview_*()` reads every row and
says per row what would change or why the row is refused. `apply()` writes
the whole file in one transaction, and only when no row was refused, so a
file is never half imported. Every row is checked against what the officer
may edit (`beheerd_door`): ids of another gemeente's data read as unknown,
without telling whether they exist.

Written with the csv module and openpyxl rather than an import library: the
scoping rules are ours and fit in one screen here.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgpad import spreadsheet

from . import validators
from .models import (
    ORGANISATIE_TEKSTVELDEN,
    Aanbod,
    Gemeente,
    Organisatie,
    Zorgpad,
    is_landelijke_redactie,
)

MAX_ROWS = 2000

ORGANISATIE_COLUMNS = [
    "id",
    *ORGANISATIE_TEKSTVELDEN,
    "gemeenten",
    "laatst_gecontroleerd",
    "gepubliceerd",
]
AANBOD_COLUMNS = [
    "id",
    "organisatie_id",
    "organisatie",
    "zorgpad",
    "omschrijving",
    "aanmelden",
    "contactpersoon",
    "volgorde",
    "laatst_gecontroleerd",
    "gepubliceerd",
]
# Columns an import needs; the others may be left out of the file.
REQUIRED = {"organisatie": {"naam"}, "aanbod": {"zorgpad"}}


class ImportFout(Exception):
    """The file as a whole cannot be read (format, columns, size)."""


# --- export ------------------------------------------------------------------


def _organisatie_row(org):
    return [
        org.pk,
        *(getattr(org, name) for name in ORGANISATIE_TEKSTVELDEN),
        ", ".join(g.cbs_code for g in org.gemeenten.all()),
        org.laatst_gecontroleerd.isoformat(),
        "ja" if org.gepubliceerd else "nee",
    ]


def _aanbod_row(aanbod):
    return [
        aanbod.pk,
        aanbod.organisatie_id,
        aanbod.organisatie.naam,
        aanbod.zorgpad.slug,
        aanbod.omschrijving,
        aanbod.aanmelden,
        aanbod.contactpersoon,
        aanbod.volgorde,
        aanbod.laatst_gecontroleerd.isoformat() if aanbod.laatst_gecontroleerd else "",
        "ja" if aanbod.gepubliceerd else "nee",
    ]


def export_rows(kind, queryset):
    """The header and one list of values per object. Two queries."""
    if kind == "organisatie":
        objects = queryset.prefetch_related("gemeenten").order_by("naam", "pk")
        return ORGANISATIE_COLUMNS, [_organisatie_row(o) for o in objects]
    objects = queryset.select_related("organisatie", "zorgpad").order_by(
        "organisatie__naam", "zorgpad__volgorde", "pk"
    )
    return AANBOD_COLUMNS, [_aanbod_row(a) for a in objects]


def to_csv(header, rows):
    # Formulas are defused with a quote; the import strips it again.
    return spreadsheet.excel_csv([header, *rows])


def to_xlsx(header, rows):
    from openpyxl import Workbook

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(["" if v is None else str(v) for v in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.data_type = "s"  # text, never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading a file ----------------------------------------------------------


def read_file(uploaded, kind):
    """The rows of an uploaded CSV or XLSX file as dicts of stripped strings,
    with their line number in the file."""
    name = uploaded.name.lower()
    data = uploaded.read()
    if name.endswith(".csv"):
        rows = _read_csv(data)
    elif name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    else:
        raise ImportFout(_("Kies een CSV- of XLSX-bestand (.csv of .xlsx)."))
    if not rows:
        raise ImportFout(_("Het bestand is leeg."))
    header = [str(h or "").strip().lower() for h in rows[0]]
    columns = ORGANISATIE_COLUMNS if kind == "organisatie" else AANBOD_COLUMNS
    missing = REQUIRED[kind] - set(header)
    if missing:
        raise ImportFout(
            _(
                "De kolom %(kolommen)s ontbreekt. De eerste rij moet de kolomnamen "
                "van de export bevatten."
            )
            % {"kolommen": ", ".join(sorted(missing))}
        )
    unknown = [h for h in header if h and h not in columns]
    if unknown:
        raise ImportFout(
            _("Onbekende kolom: %(kolommen)s.") % {"kolommen": ", ".join(unknown)}
        )
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFout(
            _("Hooguit %(max)d rijen per bestand; splits het bestand.")
            % {"max": MAX_ROWS}
        )
    result = []
    for line, values in enumerate(rows[1:], start=2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue  # empty lines at the end of a spreadsheet
        row = dict(zip(header, cells, strict=False))
        row.pop("", None)
        result.append((line, row))
    _refuse_nul(result)
    return result


def _refuse_nul(rows):
    """A NUL character (invisible; left by some exports) cannot be stored in
    PostgreSQL: refuse the file in the dry run, naming the cells, instead of
    failing when the import is confirmed. Every kind of import reads its
    cells here."""
    cells = [
        _("Regel %(regel)d, kolom “%(kolom)s”") % {"regel": line, "kolom": column}
        for line, row in rows
        for column, value in row.items()
        if "\x00" in value
    ]
    if cells:
        raise ImportFout(
            _(
                "Deze cellen bevatten een onzichtbaar NUL-teken dat niet kan worden "
                "opgeslagen: %(cellen)s. Verwijder het teken (of typ de cel opnieuw) "
                "en kies het bestand opnieuw."
            )
            % {"cellen": "; ".join(cells[:10])}
        )


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # older Excel on Windows
        except UnicodeDecodeError as exc:
            raise ImportFout(
                _(
                    "Dit bestand is geen CSV-tekst. "
                    "Sla het op als CSV (UTF-8) en probeer opnieuw."
                )
            ) from exc
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:  # e.g. a cell longer than the csv module allows
        raise ImportFout(
            _("Dit CSV-bestand kan niet gelezen worden: %(fout)s") % {"fout": exc}
        ) from exc


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFout(_("Dit XLSX-bestand kan niet gelezen worden.")) from exc
    sheet = workbook.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    workbook.close()
    return rows


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(spreadsheet.FORMULA_START):
        text = text[1:]  # our own export's formula guard
    return text


# --- checking rows -----------------------------------------------------------


@dataclass
class Rij:
    """One row of the file and what importing it would do."""

    line: int
    label: str
    status: str = "ongewijzigd"  # nieuw, gewijzigd, ongewijzigd, fout
    changes: list = field(default_factory=list)  # (field label, old, new)
    errors: list = field(default_factory=list)
    obj: object = None
    gemeenten: list | None = None


@dataclass
class Voorbeeld:
    """The dry run of a whole file."""

    kind: str
    rows: list

    @property
    def has_errors(self):
        return any(r.errors for r in self.rows)

    def count(self, status):
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self):
        return {s: self.count(s) for s in ("nieuw", "gewijzigd", "ongewijzigd", "fout")}


def _label(model, name):
    return str(model._meta.get_field(name).verbose_name)


def _parse_date(value):
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        _("Datum “%(waarde)s” klopt niet; schrijf bijvoorbeeld 2026-01-31.")
        % {"waarde": value}
    )


def _parse_bool(value):
    lowered = value.lower()
    if lowered in ("ja", "j", "1", "true", "waar", "yes"):
        return True
    if lowered in ("nee", "n", "0", "false", "onwaar", "no"):
        return False
    raise ValidationError(
        _("Schrijf ja of nee, niet “%(waarde)s”.") % {"waarde": value}
    )


def _set(rij, obj, name, value):
    """Set one field if the value differs, recording the change."""
    old = getattr(obj, name)
    if old != value:
        if obj.pk is not None:
            rij.changes.append((_label(type(obj), name), old, value))
        setattr(obj, name, value)


def _text_fields(rij, obj, row, names):
    for name in names:
        if name not in row:
            continue
        value = row[name]
        if value and name in validators.CONTACTCONTROLES:
            try:
                validators.CONTACTCONTROLES[name](value)
            except ValidationError as exc:
                rij.errors.append(f"{_label(type(obj), name)}: {exc.messages[0]}")
                continue
            if name == "postcode":
                value = validators.normalise_postcode(value)
        max_length = type(obj)._meta.get_field(name).max_length
        if max_length and len(value) > max_length:
            rij.errors.append(
                _("%(veld)s: hooguit %(max)d tekens.")
                % {"veld": _label(type(obj), name), "max": max_length}
            )
            continue
        _set(rij, obj, name, value)


def _common_fields(rij, obj, row, today):
    if row.get("laatst_gecontroleerd"):
        try:
            _set(
                rij,
                obj,
                "laatst_gecontroleerd",
                _parse_date(row["laatst_gecontroleerd"]),
            )
        except ValidationError as exc:
            rij.errors.append(exc.messages[0])
    elif obj.pk is None and isinstance(obj, Organisatie):
        obj.laatst_gecontroleerd = today
    if row.get("gepubliceerd"):
        try:
            _set(rij, obj, "gepubliceerd", _parse_bool(row["gepubliceerd"]))
        except ValidationError as exc:
            rij.errors.append(f"{_label(type(obj), 'gepubliceerd')}: {exc.messages[0]}")


def _by_id(row, key, allowed, rij, what):
    """The object with the row's id among those the officer may edit."""
    raw = row.get(key, "")
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError:
        rij.errors.append(
            _("%(wat)s “%(id)s” is geen nummer.") % {"wat": what, "id": raw}
        )
        return None
    obj = allowed.get(pk)
    if obj is None:
        # The same answer whether it exists elsewhere or not at all.
        rij.errors.append(
            _("%(wat)s %(id)d bestaat niet of hoort niet bij jouw gemeenten.")
            % {"wat": what, "id": pk}
        )
    return obj


def preview_organisaties(rows, user, today=None):
    today = today or timezone.localdate()
    allowed = {o.pk: o for o in Organisatie.objects.beheerd_door(user)}
    eigen = {g.cbs_code: g for g in Gemeente.objects.beheerd_door(user)}
    alle = dict(Gemeente.objects.values_list("cbs_code", "naam"))
    current = {pk: set(codes) for pk, codes in _gemeenten_per_organisatie(allowed)}
    result, seen_ids = [], {}
    for line, row in rows:
        rij = Rij(line=line, label=row.get("naam", ""))
        org = _by_id(row, "id", allowed, rij, _("Organisatie"))
        if row.get("id") and org is None:
            rij.status = "fout"
            result.append(rij)
            continue
        if org is not None and org.pk in seen_ids:
            rij.errors.append(
                _("Dezelfde organisatie staat ook in rij %(rij)d.")
                % {"rij": seen_ids[org.pk]}
            )
        if org is not None:
            seen_ids[org.pk] = line
        org = org or Organisatie()
        _text_fields(
            rij,
            org,
            {k: v for k, v in row.items() if not (k == "naam" and not v)},
            ORGANISATIE_TEKSTVELDEN,
        )
        if not org.naam:
            rij.errors.append(_("Naam: vul de naam van de organisatie in."))
        if not org.beschrijving:
            rij.errors.append(_("Beschrijving: schrijf kort wat de organisatie doet."))
        _common_fields(rij, org, row, today)
        _gemeenten(rij, org, row, eigen, alle, current, user)
        rij.obj = org
        rij.label = org.naam
        if rij.errors:
            rij.status = "fout"
        elif org.pk is None:
            rij.status = "nieuw"
        elif rij.changes:
            rij.status = "gewijzigd"
        result.append(rij)
    return Voorbeeld("organisatie", result)


def _gemeenten_per_organisatie(allowed):
    through = Organisatie.gemeenten.through.objects.filter(
        organisatie__in=list(allowed)
    ).values_list("organisatie_id", "gemeente__cbs_code")
    grouped = {}
    for pk, code in through:
        grouped.setdefault(pk, []).append(code)
    return grouped.items()


def _gemeenten(rij, org, row, eigen, alle, current, user):
    """The row's gemeenten (CBS codes) replace the officer's own links; links
    to gemeenten the officer cannot see stay as they are."""
    raw = row.get("gemeenten", "")
    codes = [c.strip().upper() for c in raw.replace(";", ",").split(",") if c.strip()]
    if not codes:
        if org.pk is None and not is_landelijke_redactie(user):
            rij.errors.append(_("Gemeenten: vul minstens één van je gemeenten in."))
        return
    bad = [c for c in codes if c not in eigen]
    for code in bad:
        if code in alle:
            rij.errors.append(
                _("Gemeenten: %(code)s (%(naam)s) hoort niet bij jouw gemeenten.")
                % {"code": code, "naam": alle[code]}
            )
        else:
            rij.errors.append(
                _("Gemeenten: %(code)s is geen CBS-code van een gemeente.")
                % {"code": code}
            )
    if bad:
        return
    old = current.get(org.pk, set())
    if set(codes) != old:
        if org.pk is not None:
            rij.changes.append(
                (
                    _label(Organisatie, "gemeenten"),
                    ", ".join(sorted(old)),
                    ", ".join(sorted(codes)),
                )
            )
        rij.gemeenten = [eigen[c] for c in codes]


def preview_aanbod(rows, user, today=None):
    organisaties = {o.pk: o for o in Organisatie.objects.beheerd_door(user)}
    by_name = {}
    for org in organisaties.values():
        by_name.setdefault(org.naam.casefold(), []).append(org)
    allowed = {
        a.pk: a
        for a in Aanbod.objects.beheerd_door(user).select_related(
            "organisatie", "zorgpad"
        )
    }
    zorgpaden = {z.slug: z for z in Zorgpad.objects.all()}
    existing_pairs = {(a.organisatie_id, a.zorgpad_id): a.pk for a in allowed.values()}
    result, pairs = [], {}
    for line, row in rows:
        rij = Rij(line=line, label=row.get("organisatie", ""))
        aanbod = _by_id(row, "id", allowed, rij, _("Aanbod"))
        if row.get("id") and aanbod is None:
            rij.status = "fout"
            result.append(rij)
            continue
        aanbod = aanbod or Aanbod()
        org = _by_id(row, "organisatie_id", organisaties, rij, _("Organisatie"))
        if org is None and not row.get("organisatie_id"):
            matches = by_name.get(row.get("organisatie", "").casefold(), [])
            if len(matches) == 1:
                org = matches[0]
            elif aanbod.pk is None:
                rij.errors.append(
                    _(
                        "Organisatie “%(naam)s” is niet (of meer dan eens) bekend bij "
                        "jouw gemeenten; vul organisatie_id in."
                    )
                    % {"naam": row.get("organisatie", "")}
                )
        if org is not None and org.pk != aanbod.organisatie_id:
            if aanbod.pk is not None:
                rij.changes.append(
                    (_label(Aanbod, "organisatie"), aanbod.organisatie, org)
                )
            aanbod.organisatie = org
        slug = row.get("zorgpad", "")
        zorgpad = zorgpaden.get(slug)
        if zorgpad is None:
            rij.errors.append(
                _("Zorgpad “%(slug)s” bestaat niet. Gebruik een van: %(slugs)s.")
                % {"slug": slug, "slugs": ", ".join(sorted(zorgpaden))}
            )
        elif zorgpad.pk != aanbod.zorgpad_id:
            if aanbod.pk is not None:
                rij.changes.append((_label(Aanbod, "zorgpad"), aanbod.zorgpad, zorgpad))
            aanbod.zorgpad = zorgpad
        _text_fields(rij, aanbod, row, ["omschrijving", "aanmelden", "contactpersoon"])
        if row.get("volgorde"):
            try:
                volgorde = int(row["volgorde"])
            except ValueError:
                volgorde = -1
            if 0 <= volgorde <= 32767:  # the column is a small positive integer
                _set(rij, aanbod, "volgorde", volgorde)
            else:
                rij.errors.append(_("Volgorde: vul een heel getal van 0 tot 32767 in."))
        _common_fields(rij, aanbod, row, today)
        if aanbod.organisatie_id and aanbod.zorgpad_id and not rij.errors:
            pair = (aanbod.organisatie_id, aanbod.zorgpad_id)
            other = existing_pairs.get(pair)
            if pair in pairs:
                rij.errors.append(
                    _("Dit aanbod staat ook in rij %(rij)d.") % {"rij": pairs[pair]}
                )
            elif other is not None and other != aanbod.pk:
                rij.errors.append(
                    _("Deze organisatie heeft al aanbod in dit zorgpad (id %(id)d).")
                    % {"id": other}
                )
            pairs[pair] = line
        rij.obj = aanbod
        if aanbod.organisatie_id and aanbod.zorgpad_id:
            rij.label = str(aanbod)
        if rij.errors:
            rij.status = "fout"
        elif aanbod.pk is None:
            rij.status = "nieuw"
        elif rij.changes:
            rij.status = "gewijzigd"
        result.append(rij)
    return Voorbeeld("aanbod", result)


def preview(kind, rows, user):
    return (preview_organisaties if kind == "organisatie" else preview_aanbod)(
        rows, user
    )


# --- importing ---------------------------------------------------------------


def apply(voorbeeld, user):
    """Write every new and changed row, or nothing when any row was refused.
    Each object gets a line in its history."""
    if voorbeeld.has_errors:
        raise ImportFout(_("Er zijn rijen met fouten; er is niets geïmporteerd."))
    with transaction.atomic():
        for rij in voorbeeld.rows:
            if rij.status not in ("nieuw", "gewijzigd"):
                continue
            obj = rij.obj
            obj.save()
            if rij.gemeenten is not None:
                # An officer's organisations serve only their own gemeenten
                # (beheerd_door), so the file's list is the whole list.
                obj.gemeenten.set(rij.gemeenten)
            if rij.status == "nieuw":
                message = _("Geïmporteerd (nieuw).")
            else:
                message = _("Geïmporteerd: %(wijzigingen)s.") % {
                    "wijzigingen": "; ".join(
                        f"{label}: “{old}” → “{new}”" for label, old, new in rij.changes
                    )
                }
            LogEntry.objects.log_actions(
                user.pk,
                [obj],
                ADDITION if rij.status == "nieuw" else CHANGE,
                change_message=message,
                single_object=True,
            )
    return voorbeeld.counts
