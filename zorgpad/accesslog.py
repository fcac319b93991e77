"""gunicorn's access log without the addresses that say something about a
visitor (gunicorn.conf.py)."""

import re

from gunicorn.glogging import Logger

# /gemeente/<slug>/mee/<the signalled topics>/ (old links) and
# /gemeente/<slug>/lijst/<code>/ (the code decodes to the topics), in any
# language.
TAKE_HOME = re.compile(r"/(mee|lijst)/[^/]*")


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = TAKE_HOME.sub(r"/\1/…", atoms["U"])
        return atoms
