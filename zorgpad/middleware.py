"""Project-wide request checks."""

from django.http import JsonResponse
from django.shortcuts import render


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
