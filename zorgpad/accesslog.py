"""gunicorn's access log without the addresses that say something about a
visitor (gunicorn.conf.py)."""

import re

from gunicorn.glogging import Logger

# /gemeente/<slug>/mee/<the signalled topics>/ (any language prefix).
TAKE_HOME = re.compile(r"/mee/[^/]*")


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = TAKE_HOME.sub("/mee/…", atoms["U"])
        return atoms
