"""Logs never name a visitor's take-home list: its address carries the
signalled topics (old /mee/a+b/ links) or a code that decodes to them
(/lijst/<code>/). gunicorn's access log (zorgpad/accesslog.py) and every
Python log record (the LOGGING filter in settings) go through here."""

import logging
import re

# /gemeente/<slug>/mee/<topics>/ and /gemeente/<slug>/lijst/<code>/, any language.
TAKE_HOME = re.compile(r"/(mee|lijst)/[^/\s]*")


def hide_take_home(text):
    """The text with every take-home address cut to /mee/…/ or /lijst/…/."""
    return TAKE_HOME.sub(r"/\1/…", text)


class HideTakeHome(logging.Filter):
    """A logging filter: Django's "Not Found: /gemeente/x/mee/…" and the like."""

    def filter(self, record):
        message = record.getMessage()
        hidden = hide_take_home(message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True
