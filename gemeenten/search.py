"""Forgiving text matching for gemeente names."""

import re
import unicodedata


def normalise(text):
    """Lower-case ASCII words: accents dropped, apostrophes, hyphens and other
    punctuation turned into spaces. "'s-Hertogenbosch" -> "s hertogenbosch"."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    return " ".join(re.split(r"[^a-z0-9]+", ascii_text.lower())).strip()
