"""Checks Dutch officers expect on contact details, with messages in plain
Dutch. `CONTACT_CHECKS` is used by the admin's organisation form and by
the bulk import, which reports the same message per row.

Format checks only: a well-formed number can still be out of service, which
is what verification (`laatst_gecontroleerd`) is for.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _

# Characters people put between digits: "06-12 34 56 78", "(043) 123 4567".
_SEPARATORS = re.compile(r"[\s\-.()/]")

_PHONE_PATTERNS = [
    re.compile(p)
    for p in (
        r"0[1-9]\d{8}",  # landline, mobile 06, 085/088/091: ten digits
        r"0(800|90[0069])\d{4,7}",  # free 0800 and paid 0900/0906/0909 lines
        r"\+31[1-9]\d{8}",  # international: +31 and nine digits
        r"11[23]",  # emergency 112, suicide prevention 113
        r"116\d{3}",  # European helplines (116 111 ...)
        r"140\d{2,3}",  # a gemeente's own 14 + area code number
    )
]


def normalise_phone(value):
    """The digits (and a leading +) of a phone number: '+31 (0)43 123 45 67'
    -> '+31431234567', '0031 43 ...' -> '+3143...'."""
    number = value.strip().replace("(0)", "")
    number = _SEPARATORS.sub("", number)
    if number.startswith("0031"):
        number = "+31" + number[4:]
    if number.startswith("+310"):
        number = "+31" + number[4:]
    return number


def validate_phone(value):
    """Refuse what is not a Dutch phone number, whatever its separators."""
    number = normalise_phone(value)
    if not any(pattern.fullmatch(number) for pattern in _PHONE_PATTERNS):
        raise ValidationError(
            _(
                "Dit is geen Nederlands telefoonnummer. Schrijf het bijvoorbeeld "
                "als 045-123 45 67, 06-12 34 56 78, 0800-2000 of +31 45 123 45 67."
            ),
            code="telefoon",
        )


_POSTCODE = re.compile(r"[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}")


def validate_postcode(value):
    if not _POSTCODE.fullmatch(value.strip().upper()):
        raise ValidationError(
            _("Een postcode is vier cijfers en twee letters, zoals 6461 AB."),
            code="postcode",
        )


def normalise_postcode(value):
    """'6461ab' -> '6461 AB', the way it is printed on letters."""
    compact = value.strip().upper().replace(" ", "")
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else value.strip()


_url = URLValidator(schemes=["http", "https"])


def validate_website(value):
    if "://" not in value:
        raise ValidationError(
            _(
                "Begin het webadres met https://, bijvoorbeeld https://www.gemeente.nl/."
            ),
            code="website_scheme",
        )
    try:
        _url(value)
    except ValidationError:
        raise ValidationError(
            _("Dit webadres klopt niet. Kopieer het uit de adresbalk van je browser."),
            code="website",
        ) from None


_email = EmailValidator()


def validate_email(value):
    try:
        _email(value)
    except ValidationError:
        raise ValidationError(
            _("Dit e-mailadres klopt niet. Het ziet eruit als naam@organisatie.nl."),
            code="email",
        ) from None


# Field name → check, for every form or import of an organisation.
CONTACT_CHECKS = {
    "telefoon": validate_phone,
    "postcode": validate_postcode,
    "email": validate_email,
    "website": validate_website,
}
