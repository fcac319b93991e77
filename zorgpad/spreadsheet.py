"""CSV that a gemeente's spreadsheet opens safely, for every export."""

import csv
import io
import re

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A phone number such as +31 45 … starts like one but can run nothing.
PHONE_LIKE = re.compile(r"^\+?[\d\s()-]+$")


def veilige_cel(value):
    """The cell as text, a would-be formula defused with a leading quote."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not PHONE_LIKE.match(text):
        return "'" + text
    return text


def excel_csv(rows):
    """UTF-8 bytes with a BOM and semicolons, which is what Excel with Dutch
    settings opens correctly; every cell through `veilige_cel`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows([veilige_cel(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8")
