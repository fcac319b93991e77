"""Validators for the official Open Referral HSDS 3.1 schemas.

The compiled schemas and openapi.json are vendored, unchanged, in
tests/data/hsds-3.1/ (CC BY-SA 4.0 by Open Referral: LICENSE there; SOURCE.txt
names the commit), so a bare clone tests itself. They allow any extra
property, so a misspelt field ("assured_dat") would pass unnoticed; we
validate against a strict copy that allows only the properties HSDS defines.
"""

import copy
import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator

HSDS_DIR = Path(__file__).parent / "data" / "hsds-3.1"
FORMATS = Draft202012Validator.FORMAT_CHECKER


def _load(name):
    return json.loads((HSDS_DIR / name).read_text(encoding="utf-8"))


def _strict(schema):
    """A copy in which every object allows only its declared properties."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if "properties" in node and node.get("type", "object") == "object":
                node.setdefault("additionalProperties", False)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def _definition(name):
    """taxonomy and taxonomy_term exist only as definitions (the OpenAPI
    document refers to uncompiled files that are not published compiled)."""
    source = _load("service_with_definitions.json")
    return {"$ref": f"#/definitions/{name}", "definitions": source["definitions"]}


@functools.cache
def item_schema(name):
    """name: service, service_list, organization, organization_list,
    service_at_location, service_at_location_list, taxonomy, taxonomy_term."""
    if name in ("taxonomy", "taxonomy_term"):
        return _strict(_definition(name))
    return _strict(_load(f"{name}.json"))


@functools.cache
def page_schema(item):
    """The OpenAPI `Page` with `contents` of this item schema. Every Page
    field is required here: we promise to send them all."""
    page = _load("openapi.json")["components"]["schemas"]["Page"]
    items = dict(item_schema(item))
    # "#/definitions/..." must resolve from the root of the document.
    definitions = items.pop("definitions", {})
    return {
        "type": "object",
        "properties": {
            **page["properties"],
            "contents": {"type": "array", "items": items},
        },
        "required": [*page["properties"], "contents"],
        "additionalProperties": False,
        "definitions": definitions,
    }


@functools.cache
def root_schema():
    get = _load("openapi.json")["paths"]["/"]["get"]
    schema = copy.deepcopy(
        get["responses"]["200"]["content"]["application/json"]["schema"]
    )
    schema["required"] = ["version", "profile"]
    return _strict(schema)


def errors(schema, data):
    validator = Draft202012Validator(schema, format_checker=FORMATS)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(data)
    ]


def assert_valid(schema, data):
    found = errors(schema, data)
    assert not found, "\n".join(found[:10])
