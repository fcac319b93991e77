"""CI fails when a template string is not marked for translation, or when
the English catalogue misses a translation or is out of date."""

import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

ROOT = settings.BASE_DIR
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Names, not words: the same in every language.
NOT_TRANSLATED = {"Zorgpad"}
OPENERS = {"blocktranslate", "blocktrans", "comment"}
CLOSERS = {"endblocktranslate", "endblocktrans", "endcomment"}
# Blocks whose text is markup, never read: the admin's body CSS classes.
MARKUP_BLOCKS = {"bodyclass"}


def visible_text(source):
    """The template's own text outside translation tags, as a reader sees
    it: template tags become a neutral mark, HTML tags and comments go."""
    parts, depth, blocks = [], 0, []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.contents.split() or [""]
            name = bits[0]
            depth += name in OPENERS
            depth -= name in CLOSERS
            if name == "block":
                blocks.append(bits[1] in MARKUP_BLOCKS)
                depth += blocks[-1]
            elif name == "endblock" and blocks:
                depth -= blocks.pop()
            parts.append("\x00")
        elif token.token_type == TokenType.TEXT and depth == 0:
            parts.append(token.contents)
        else:
            parts.append("\x00")
    html = "".join(parts)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    attributes = re.findall(
        r'\b(?:alt|title|placeholder|aria-label)="([^"]*)"', html, flags=re.I
    )
    text = re.sub(r"<[^>]*>", " ", html)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    return [text, *attributes]


def test_every_template_string_is_marked_for_translation():
    unmarked = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for text in visible_text(path.read_text()):
            words = set(re.findall(r"[^\W\d_]{2,}", text)) - NOT_TRANSLATED
            if words:
                unmarked.append(f"{path.relative_to(ROOT)}: {sorted(words)[:8]}")
    assert unmarked == [], "text outside {% translate %}:\n" + "\n".join(unmarked)


def test_the_marker_finds_unmarked_text():
    # The check above is only worth something if it can fail.
    assert visible_text("<p>Hallo {{ naam }}</p>")[0].split() == ["Hallo", "\x00"]
    assert "Welkom" in visible_text('<img alt="Welkom" src="x">')
    text = visible_text(
        '<p>{% translate "Hallo" %} <a href="{{ url }}">{{ x }}</a></p>'
    )
    assert re.findall(r"[^\W\d_]{2,}", text[0]) == []


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    """The catalogue as `makemessages` makes it from today's sources,
    starting from the committed one."""
    if not shutil.which("xgettext"):
        pytest.fail("gettext is not installed (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("project")
    skip = {".venv", ".git", "tests", "bench", "fixtures", "static", "media"}
    for entry in ROOT.iterdir():
        if entry.name in skip or entry.name.endswith((".sqlite3", ".log")):
            continue
        if entry.is_dir():
            shutil.copytree(entry, copy / entry.name)
        else:
            shutil.copy2(entry, copy / entry.name)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "-v0",
        ],
        cwd=copy,
        check=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    return copy / "locale" / "en" / "LC_MESSAGES" / "django.po"


def msgattrib(po, flag):
    result = subprocess.run(
        ["msgattrib", flag, "--no-obsolete", "--no-wrap", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return re.findall(r'^msgid "(.+)"$', result.stdout, flags=re.M)


def test_english_catalogue_is_complete(fresh_catalogue):
    assert msgattrib(fresh_catalogue, "--untranslated") == []
    assert msgattrib(fresh_catalogue, "--only-fuzzy") == []


def test_committed_catalogue_is_current(fresh_catalogue):
    def entries(po):
        text = po.read_text()
        return sorted(re.findall(r'^msgid "(.*)"\n(?:msgid_plural|msgstr)', text, re.M))

    assert entries(PO) == entries(fresh_catalogue), "run make messages"
    compiled = fresh_catalogue.with_suffix(".mo")
    subprocess.run(["msgfmt", "-o", str(compiled), str(PO)], check=True)
    assert MO.read_bytes() == compiled.read_bytes(), "run make messages"
