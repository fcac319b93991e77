"""CI fails when a template string is not marked for translation, or when a
catalogue misses a translation or is out of date. English covers every
string; the languages newcomers speak cover what a parent reads (the
back-office sources in locale/alleen-nl-en.txt are left out of them: the back
office is Dutch and English only)."""

import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

ROOT = settings.BASE_DIR
LANGUAGES = ["en", *settings.ZORGPAD_PARENT_LANGUAGES]
NOT_SOURCES = [".venv/*", "bench/*", "tests/*"]


def po_path(root, lang):
    return root / "locale" / lang / "LC_MESSAGES" / "django.po"


def backoffice_sources():
    lines = (ROOT / "locale" / "alleen-nl-en.txt").read_text().splitlines()
    return [line for line in lines if line and not line.startswith("#")]


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
def fresh_catalogues(tmp_path_factory):
    """The catalogues as `make messages` makes them from today's sources,
    starting from the committed ones: {language: path of its .po}."""
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

    def makemessages(languages, ignore):
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v0"]
            + [arg for lang in languages for arg in ("-l", lang)]
            + [arg for pattern in ignore for arg in ("-i", pattern)],
            cwd=copy,
            check=True,
            env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
        )

    makemessages(["en"], NOT_SOURCES)
    makemessages(settings.ZORGPAD_PARENT_LANGUAGES, NOT_SOURCES + backoffice_sources())
    return {lang: po_path(copy, lang) for lang in LANGUAGES}


def msgattrib(po, flag):
    result = subprocess.run(
        ["msgattrib", flag, "--no-obsolete", "--no-wrap", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return re.findall(r'^msgid "(.+)"$', result.stdout, flags=re.M)


def entries(po):
    text = po.read_text()
    return sorted(re.findall(r'^msgid "(.*)"\n(?:msgid_plural|msgstr)', text, re.M))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalogue_is_complete(fresh_catalogues, lang):
    assert msgattrib(fresh_catalogues[lang], "--untranslated") == []
    assert msgattrib(fresh_catalogues[lang], "--only-fuzzy") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_committed_catalogue_is_current(fresh_catalogues, lang):
    committed = po_path(ROOT, lang)
    assert entries(committed) == entries(fresh_catalogues[lang]), "run make messages"
    compiled = fresh_catalogues[lang].with_suffix(".mo")
    subprocess.run(["msgfmt", "-o", str(compiled), str(committed)], check=True)
    assert committed.with_suffix(".mo").read_bytes() == compiled.read_bytes(), (
        "run make messages"
    )


def test_the_languages_newcomers_speak_leave_the_back_office_out(fresh_catalogues):
    # The admin is Dutch (and English): its strings are not asked of the
    # Arabic, Turkish, Polish and Ukrainian catalogues, the parents' pages are.
    english = set(entries(fresh_catalogues["en"]))
    for lang in settings.ZORGPAD_PARENT_LANGUAGES:
        parents = set(entries(fresh_catalogues[lang]))
        assert "Wie kan helpen?" in parents
        assert "Weet ik niet / wil ik niet zeggen" in parents
        assert "Lees de Nederlandse pagina" in parents
        assert "Zorgpad – beheer" in english
        assert "Zorgpad – beheer" not in parents
        assert parents < english
