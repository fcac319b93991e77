"""The statements' plain-text layout, as editors type it in the admin:
blank lines between paragraphs, `## ` for a heading, `- ` for a list item.
Everything is escaped: an editor's text can never add markup or a script."""

from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe


def opmaak(tekst):
    """HTML for the text: <h2>, <ul> and <p> blocks, all content escaped."""
    blokken = []
    for blok in tekst.replace("\r\n", "\n").split("\n\n"):
        regels = [r.strip() for r in blok.strip().split("\n") if r.strip()]
        if not regels:
            continue
        if regels[0].startswith("## "):
            blokken.append(f"<h2>{escape(regels.pop(0)[3:].strip())}</h2>")
        if regels and all(r.startswith("- ") for r in regels):
            items = format_html_join("", "<li>{}</li>", ((r[2:],) for r in regels))
            blokken.append(f"<ul>{items}</ul>")
        elif regels:
            blokken.append("<p>" + "<br>".join(escape(r) for r in regels) + "</p>")
    return mark_safe("\n".join(blokken))
