"""Everything under /api/hsds/ answers as an API: JSON errors and CORS.

Errors can come from anywhere before or after the API's own views: Django's
404 for an unknown address, 405 for a POST or OPTIONS, 400 for a bad Host,
the 500/503 pages of zorgpad/errors.py. Whatever produced them, a client of
the API gets `{"detail": …}` with the same status and headers (Allow,
Retry-After), and every response, error or not, carries
`Access-Control-Allow-Origin: *` (the data is public; no credentials).
"""

import json
from http import HTTPStatus

API_PREFIX = "/api/hsds/"


def api_responses(get_response):
    def middleware(request):
        response = get_response(request)
        if not request.path_info.startswith(API_PREFIX):
            return response
        if response.status_code >= 400 and not response.get(
            "Content-Type", ""
        ).startswith("application/json"):
            _as_json(response)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return middleware


def _as_json(response):
    """Replace an error page's HTML with a JSON body, keeping status and headers."""
    try:
        detail = HTTPStatus(response.status_code).phrase + "."
    except ValueError:
        detail = "Error."
    response.content = json.dumps({"detail": detail})
    response["Content-Type"] = "application/json"
