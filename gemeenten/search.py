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


# Everyday filler that says nothing about a topic ("ik maak me zorgen over
# mijn huur"); left out unless a search holds nothing else.
_STOPWOORDEN = (
    "ik je jij u me mij mijn m n heb heeft hebben ben bent is zijn een de het "
    "van over met en of om te in op voor aan dat die er maak maakt maken zorg "
    "zorgen i a an the my of about and or to on for with am have has worried worry"
)
STOPWOORDEN = frozenset(_STOPWOORDEN.split())


def zoekwoorden(query):
    """The words of a topic search that carry meaning, normalised."""
    words = normalise(query).split()
    return [w for w in words if w not in STOPWOORDEN] or words


def treffers(words, key):
    """How many of the words a search key holds. A word is found inside the
    key ("verzeker" in "zorgverzekering"), or it contains a key word of five
    letters or more ("schuldenlast" holds "schulden")."""
    key_words = {w for w in re.split(r"[ |]+", key) if len(w) >= 5}
    return sum(1 for word in words if word in key or any(k in word for k in key_words))
