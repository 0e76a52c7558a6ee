from .authority import authority_for


class AccessMiddleware:
    """Puts the reader's authority on the request, and the scope every read goes through (`request.scope`).

    Views pass `request.scope` to selectors; writes check `request.authority.require(capability, path)`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.authority = authority_for(getattr(request, "user", None))
        request.scope = request.authority.scope()
        return self.get_response(request)
