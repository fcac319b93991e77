"""The take-home address: which zorgpaden, as a short opaque code.

A set of zorgpaden is a bitmask over their primary keys (bit n for the
zorgpad with pk n), written in base 36. Keys never change and are never
reused, so a code keeps its meaning when zorgpaden are added, renamed or
reordered, and nothing about a client is stored to make it. The code names
no topic: someone reading a browser history, a QR code or an access log sees
only "/lijst/16/". (Opening the link shows the topics, as it must.)

Only the set travels, not the result page's order (which, within one
urgency, follows the strength of the answers): the list shows the zorgpaden
most urgent first, then in national order.
"""

import re

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
# Canonical codes only: no leading zero, so one set has exactly one address.
# 100 base-36 digits hold keys up to ~515, far beyond the national list.
PATTERN = "[1-9a-z][0-9a-z]{0,99}"
_CODE = re.compile(PATTERN)


def encode(pks):
    """The code for a non-empty collection of zorgpad primary keys."""
    mask = 0
    for pk in pks:
        mask |= 1 << pk
    if not mask:
        raise ValueError("no zorgpaden to encode")
    digits = []
    while mask:
        mask, digit = divmod(mask, 36)
        digits.append(DIGITS[digit])
    return "".join(reversed(digits))


def decode(code):
    """The primary keys in a code, lowest first; empty for anything that is
    not a canonical code."""
    if not _CODE.fullmatch(code):
        return []
    mask = int(code, 36)
    return [pk for pk in range(mask.bit_length()) if mask >> pk & 1]


class CodeConverter:
    """URL converter: /gemeente/<slug>/lijst/<code>/."""

    regex = PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
