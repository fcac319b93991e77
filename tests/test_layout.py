"""Each room imports downward: the back office (beheer) uses the directory,
never the reverse, so a parent's page never loads the officers' code."""

import ast

import pytest
from django.conf import settings

PUBLIC_APPS = ["gemeenten", "screening", "opendata", "statistieken"]


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


@pytest.mark.parametrize("app", PUBLIC_APPS)
def test_the_public_rooms_never_import_the_back_office(app):
    offending = [
        f"{path.relative_to(settings.BASE_DIR)}: {name}"
        for path in sorted((settings.BASE_DIR / app).rglob("*.py"))
        for name in imported_modules(path)
        if name == "beheer" or name.startswith("beheer.")
    ]
    assert offending == []


def test_the_check_finds_an_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from beheer.roles import X\nimport beheer.bulk\n")
    assert list(imported_modules(module)) == ["beheer.roles", "beheer.bulk"]
