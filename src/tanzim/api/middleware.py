"""The API's error shape for the answers given before any operation runs.

A path no route matches (404), a method the route does not take (405), a request Django refuses itself (400):
Django and ninja answer those with an HTML page or an empty body. Under /api/ they are turned into the one error
shape of the API (`tanzim.api.errors`), in the reader's language; the answers of operations already have it.
"""

from django.http import JsonResponse

from .errors import error_body, status_error

API_PREFIX = "/api/"


class ApiErrorShapeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path_info.startswith(API_PREFIX)
            and 400 <= response.status_code < 500
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            shaped = JsonResponse(error_body(*status_error(response.status_code)), status=response.status_code)
            for header in ("Allow", "Content-Language", "Vary"):
                if header in response:
                    shaped[header] = response[header]
            return shaped
        return response
