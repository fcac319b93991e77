"""gunicorn's access log without the addresses that say something about a
visitor (gunicorn.conf.py)."""

from gunicorn.glogging import Logger

from .privatelog import hide_take_home


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = hide_take_home(atoms["U"])
        return atoms
