"""The addresses of one gemeente, /gemeente/<slug>/…, as zorgpad/urls.py
mounts them. The directory's zorgpad pages take any first segment the other
routes leave free, so a zorgpad may not be named after one of those fixed
segments (`reserved_zorgpad_slugs()`, checked by Zorgpad.clean)."""

from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

GEMEENTE = "gemeente/<slug:gemeente_slug>/"


def gemeente_routes(urlconf=None):
    """Each route under GEMEENTE as (the route after the prefix, URLPattern),
    in the order the resolver tries them, for every language."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            # The language prefix (/en/) does not change what follows it.
            if isinstance(entry.pattern, LocalePrefixPattern):
                route = prefix
            else:
                route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif route.startswith(GEMEENTE):
                found.append((route.removeprefix(GEMEENTE), entry))

    walk(get_resolver(urlconf).url_patterns, "")
    return found


def reserved_zorgpad_slugs(urlconf=None):
    """Every fixed first segment under /gemeente/<slug>/: screening, mee,
    open-data.json … A zorgpad with such a slug would be shadowed (or
    would shadow the route)."""
    return {
        route.split("/", 1)[0]
        for route, _ in gemeente_routes(urlconf)
        if route and not route.startswith("<")
    }
