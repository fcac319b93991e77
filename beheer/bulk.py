"""Bulk export and import of organisations and offers (CSV and XLSX).

One importer class per kind of row (`OrganisatieImport`, `AanbodImport`)
holds its columns, its export row and its check of one file row. An import
is always checked in full first: `preview()` reads every row and says per
row what would change or why the row is refused. `apply()` writes
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
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gemeenten import validators
from gemeenten.models import (
    ORGANISATIE_TEKSTVELDEN,
    Aanbod,
    Gemeente,
    Organisatie,
    Zorgpad,
    is_landelijke_redactie,
)
from zorgpad import spreadsheet

MAX_ROWS = 2000

# An offer's fields in the order an officer reads them: the admin's inline
# on the organisation, the export and the import use this list.
AANBOD_FIELDS = [
    "zorgpad",
    "omschrijving",
    "aanmelden",
    "aanmelden_en",
    "contactpersoon",
    "volgorde",
    "laatst_gecontroleerd",
    "gepubliceerd",
]


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, columns, size)."""


class Status(models.TextChoices):
    """What importing one row would do."""

    NIEUW = "nieuw"
    GEWIJZIGD = "gewijzigd"
    ONGEWIJZIGD = "ongewijzigd"
    FOUT = "fout"


# --- export ------------------------------------------------------------------


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


def read_file(uploaded, columns, required):
    """The rows of an uploaded CSV or XLSX file as dicts of stripped strings,
    with their line number in the file. The header may use any of `columns`
    and must have the `required` ones."""
    name = uploaded.name.lower()
    data = uploaded.read()
    if name.endswith(".csv"):
        rows = _read_csv(data)
    elif name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    else:
        raise ImportFileError(_("Kies een CSV- of XLSX-bestand (.csv of .xlsx)."))
    if not rows:
        raise ImportFileError(_("Het bestand is leeg."))
    header = [str(h or "").strip().lower() for h in rows[0]]
    missing = set(required) - set(header)
    if missing:
        raise ImportFileError(
            _(
                "De kolom %(kolommen)s ontbreekt. De eerste rij moet de kolomnamen "
                "van de export bevatten."
            )
            % {"kolommen": ", ".join(sorted(missing))}
        )
    unknown = [h for h in header if h and h not in columns]
    if unknown:
        raise ImportFileError(
            _("Onbekende kolom: %(kolommen)s.") % {"kolommen": ", ".join(unknown)}
        )
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(
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
        raise ImportFileError(
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
            raise ImportFileError(
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
        raise ImportFileError(
            _("Dit CSV-bestand kan niet gelezen worden: %(fout)s") % {"fout": exc}
        ) from exc


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(_("Dit XLSX-bestand kan niet gelezen worden.")) from exc
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
class ImportRow:
    """One row of the file and what importing it would do."""

    line: int
    label: str
    status: Status = Status.ONGEWIJZIGD
    changes: list = field(default_factory=list)  # (field label, old, new)
    errors: list = field(default_factory=list)
    obj: object = None
    gemeenten: list | None = None


@dataclass
class Preview:
    """The dry run of a whole file."""

    rows: list

    @property
    def has_errors(self):
        return any(r.errors for r in self.rows)

    def count(self, status):
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self):
        return {status: self.count(status) for status in Status}


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
        if value and name in validators.CONTACT_CHECKS:
            try:
                validators.CONTACT_CHECKS[name](value)
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


def _common_fields(rij, obj, row):
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


class Importer:
    """One kind of row: its columns, its export row and the check of one row
    of a file. `preview()` is the same for every kind: each row is looked up
    by its id among what the user may edit (or is new), checked by
    `check()`, and gets its status."""

    model = None
    columns = []
    required = set()  # columns an import needs; the others may be left out
    label_column = ""  # what the preview shows before the row is read
    what = ""  # the kind in an error message: "Organisatie 12 bestaat niet"
    # Columns whose export value is not the field's own value.
    export_as = {}

    def __init__(self, user, today=None):
        self.user = user
        self.today = today or timezone.localdate()
        self.allowed = {o.pk: o for o in self.editable()}

    @classmethod
    def export(cls, queryset):
        """The header and one list of values per object. Two queries."""
        return cls.columns, [cls.export_row(o) for o in cls.for_export(queryset)]

    @classmethod
    def export_row(cls, obj):
        return [_export_value(obj, c, cls.export_as.get(c)) for c in cls.columns]

    @classmethod
    def read(cls, uploaded):
        return read_file(uploaded, cls.columns, cls.required)

    def editable(self):
        """The objects of this kind the user may edit."""
        return self.model.objects.beheerd_door(self.user)

    def preview(self, rows):
        """What importing these rows would do, row by row; writes nothing."""
        result = []
        for line, row in rows:
            rij = ImportRow(line=line, label=row.get(self.label_column, ""))
            obj = _by_id(row, "id", self.allowed, rij, self.what)
            if row.get("id") and obj is None:
                rij.status = Status.FOUT
                result.append(rij)
                continue
            rij.obj = obj = obj or self.model()
            self.check(rij, obj, row, line)
            if rij.errors:
                rij.status = Status.FOUT
            elif obj.pk is None:
                rij.status = Status.NIEUW
            elif rij.changes:
                rij.status = Status.GEWIJZIGD
            result.append(rij)
        return Preview(result)

    def check(self, rij, obj, row, line):
        """Set the row's values on `obj`, recording changes and errors."""
        raise NotImplementedError


def _export_value(obj, column, export_as):
    value = export_as(obj) if export_as else getattr(obj, column)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


class OrganisatieImport(Importer):
    model = Organisatie
    columns = [
        "id",
        *ORGANISATIE_TEKSTVELDEN,
        "gemeenten",
        "laatst_gecontroleerd",
        "gepubliceerd",
    ]
    required = {"naam"}
    label_column = "naam"
    what = gettext_lazy("Organisatie")
    export_as = {
        "gemeenten": lambda o: ", ".join(g.cbs_code for g in o.gemeenten.all())
    }

    @classmethod
    def for_export(cls, queryset):
        return queryset.prefetch_related("gemeenten").order_by("naam", "pk")

    def __init__(self, user, today=None):
        super().__init__(user, today)
        self.eigen = {g.cbs_code: g for g in Gemeente.objects.beheerd_door(user)}
        self.alle = dict(Gemeente.objects.values_list("cbs_code", "naam"))
        self.current = {
            pk: set(codes) for pk, codes in _gemeenten_per_organisatie(self.allowed)
        }
        self.seen_ids = {}

    def check(self, rij, org, row, line):
        if org.pk in self.seen_ids:
            rij.errors.append(
                _("Dezelfde organisatie staat ook in rij %(rij)d.")
                % {"rij": self.seen_ids[org.pk]}
            )
        if org.pk is not None:
            self.seen_ids[org.pk] = line
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
        _common_fields(rij, org, row)
        if org.pk is None and not row.get("laatst_gecontroleerd"):
            org.laatst_gecontroleerd = self.today  # required for an organisation
        _gemeenten(rij, org, row, self.eigen, self.alle, self.current, self.user)
        rij.label = org.naam


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


class AanbodImport(Importer):
    model = Aanbod
    columns = ["id", "organisatie_id", "organisatie", *AANBOD_FIELDS]
    required = {"zorgpad"}
    label_column = "organisatie"
    what = gettext_lazy("Aanbod")
    export_as = {
        "organisatie": lambda a: a.organisatie.naam,
        "zorgpad": lambda a: a.zorgpad.slug,
    }

    @classmethod
    def for_export(cls, queryset):
        return queryset.select_related("organisatie", "zorgpad").order_by(
            "organisatie__naam", "zorgpad__volgorde", "pk"
        )

    def editable(self):
        return super().editable().select_related("organisatie", "zorgpad")

    def __init__(self, user, today=None):
        super().__init__(user, today)
        self.organisaties = {o.pk: o for o in Organisatie.objects.beheerd_door(user)}
        self.by_name = {}
        for org in self.organisaties.values():
            self.by_name.setdefault(org.naam.casefold(), []).append(org)
        self.zorgpaden = {z.slug: z for z in Zorgpad.objects.all()}
        self.existing_pairs = {
            (a.organisatie_id, a.zorgpad_id): a.pk for a in self.allowed.values()
        }
        self.pairs = {}

    def check(self, rij, aanbod, row, line):
        self._organisatie(rij, aanbod, row)
        self._zorgpad(rij, aanbod, row)
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
        _common_fields(rij, aanbod, row)
        if aanbod.organisatie_id and aanbod.zorgpad_id and not rij.errors:
            pair = (aanbod.organisatie_id, aanbod.zorgpad_id)
            other = self.existing_pairs.get(pair)
            if pair in self.pairs:
                rij.errors.append(
                    _("Dit aanbod staat ook in rij %(rij)d.")
                    % {"rij": self.pairs[pair]}
                )
            elif other is not None and other != aanbod.pk:
                rij.errors.append(
                    _("Deze organisatie heeft al aanbod in dit zorgpad (id %(id)d).")
                    % {"id": other}
                )
            self.pairs[pair] = line
        if aanbod.organisatie_id and aanbod.zorgpad_id:
            rij.label = str(aanbod)

    def _organisatie(self, rij, aanbod, row):
        org = _by_id(row, "organisatie_id", self.organisaties, rij, _("Organisatie"))
        if org is None and not row.get("organisatie_id"):
            matches = self.by_name.get(row.get("organisatie", "").casefold(), [])
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

    def _zorgpad(self, rij, aanbod, row):
        slug = row.get("zorgpad", "")
        zorgpad = self.zorgpaden.get(slug)
        if zorgpad is None:
            rij.errors.append(
                _("Zorgpad “%(slug)s” bestaat niet. Gebruik een van: %(slugs)s.")
                % {"slug": slug, "slugs": ", ".join(sorted(self.zorgpaden))}
            )
        elif zorgpad.pk != aanbod.zorgpad_id:
            if aanbod.pk is not None:
                rij.changes.append((_label(Aanbod, "zorgpad"), aanbod.zorgpad, zorgpad))
            aanbod.zorgpad = zorgpad


# --- importing ---------------------------------------------------------------


def apply(voorbeeld, user):
    """Write every new and changed row, or nothing when any row was refused.
    Each object gets a line in its history."""
    if voorbeeld.has_errors:
        raise ImportFileError(_("Er zijn rijen met fouten; er is niets geïmporteerd."))
    with transaction.atomic():
        for rij in voorbeeld.rows:
            if rij.status not in (Status.NIEUW, Status.GEWIJZIGD):
                continue
            obj = rij.obj
            obj.save()
            if rij.gemeenten is not None:
                # An officer's organisations serve only their own gemeenten
                # (beheerd_door), so the file's list is the whole list.
                obj.gemeenten.set(rij.gemeenten)
            if rij.status == Status.NIEUW:
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
                ADDITION if rij.status == Status.NIEUW else CHANGE,
                change_message=message,
                single_object=True,
            )
    return voorbeeld.counts
