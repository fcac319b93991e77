"""Project-wide request checks, kept pages served early, and the compression
of rendered pages."""

import gzip
import secrets

from django.http import JsonResponse
from django.middleware import gzip as django_gzip
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from statistieken import counting

from . import cache


def reject_nul_bytes(get_response):
    """A NUL character in the address is never a real visitor's: PostgreSQL
    text cannot hold one, so without this check a crafted address would end
    in a database error (500) instead of a clear 400."""

    def middleware(request):
        values = [request.path, *request.GET.keys()]
        values += [v for vs in request.GET.lists() for v in vs[1]]
        if any("\x00" in value for value in values):
            if request.path.startswith("/api/"):
                # The API answers in JSON (CORS: opendata/middleware.py).
                return JsonResponse({"detail": "NUL is not allowed."}, status=400)
            return render(request, "400.html", status=400)
        return get_response(request)

    return middleware


class GZipMiddleware(django_gzip.GZipMiddleware):
    """Django's GZipMiddleware, compressing at level 3 instead of 6.

    It compresses only what is rendered per request (stored pages are kept
    compressed, zorgpad/cache.py): above all the screening, whose result is
    ~31 KB of HTML. Measured on it: level 6 takes 0.85 ms for 6.8 KB, level
    3 0.47 ms for 7.4 KB, a tenth of what the whole result costs. The BREACH
    mitigation stays as Django does it (random bytes in the gzip header);
    streaming and short responses are left to Django's own code."""

    compresslevel = 3

    def process_response(self, request, response):
        if (
            response.streaming
            or len(response.content) < 200
            or response.has_header("Content-Encoding")
            or not django_gzip.re_accepts_gzip.search(
                request.META.get("HTTP_ACCEPT_ENCODING", "")
            )
        ):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = self._compress(response.content)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response

    def _compress(self, content):
        # As django.utils.text.compress_string: a file name of 0 to
        # max_random_bytes - 1 bytes makes the length vary per response.
        data = gzip.compress(content, compresslevel=self.compresslevel, mtime=0)
        header = bytearray(data[:10])
        header[3] = gzip.FNAME
        name = b"a" * secrets.randbelow(self.max_random_bytes) + b"\x00"
        return bytes(header) + name + data[10:]


def kept_pages(get_response):
    """Serve a kept public page before the session, language, CSRF,
    authentication and message middleware and the URL resolver run: a page
    that is kept (zorgpad/cache.py) needs none of them, and together they
    cost more than the page itself. Measured in process: a kept path page
    took 1.1-1.4 ms through the whole stack, 0.6-0.7 ms from here (liveness,
    which runs the whole stack but no view: 0.4-0.5 ms).

    Such a page is counted here as the view's `counting.counted` would
    count it. What the pages `cached_page` served or stored are kept at
    their address on the way out, with the headers the middleware inside
    this point gave them; the middleware outside (security headers, CSP,
    compression) runs for every response, kept or not."""

    def middleware(request):
        key, response = cache.kept_at_address(request)
        if response is not None:
            telling = getattr(response, "telling", None)
            if telling and response.status_code == 200:
                counting.record_visit(request, *telling)
            return response
        response = get_response(request)
        if key and response.status_code == 200:
            cache.keep_at_address(key, request, response)
        return response

    return middleware
