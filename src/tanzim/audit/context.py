"""The address a request came from, so every audit row written while serving it records it.

Services do not take the address as an argument: it is request context, set once by the middleware.
"""

from contextvars import ContextVar

current_address: ContextVar[str | None] = ContextVar("tanzim_audit_address", default=None)


class AuditAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_address.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            current_address.reset(token)
