import time

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.middleware import LoginRequiredMiddleware

# The policy every response carries: scripts, styles, fonts and requests only from this site, images from this
# site or data: addresses (the admin's and the API docs' icons), no plugin, no framing, forms posted only here.
# No 'unsafe-inline' and no other origin: a template needing an inline script or style is a bug, caught by
# tests/test_csp.py. Pages use static files (`{% static %}`, served by WhiteNoise) with classes and data-
# attributes instead; htmx is served locally and told not to inject its indicator <style> (base.html).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}

# Relaxations, by path prefix, each for one page the project does not write itself.
#
# - /api/v1/docs: django-ninja's Swagger UI, served from ninja's own static files ("ninja" is in INSTALLED_APPS,
#   so no CDN). Its scripts are files (the start-up code is swagger-ui-init.js, the settings a JSON data block),
#   but the Swagger UI bundle writes inline styles into the HTML it renders (Markdown tables, highlighted
#   examples), which 'self' refuses. Styles only: scripts stay 'self', and the page shows no user input.
#
# The Django admin needs none: Django 5.2's admin templates load their scripts as files and carry no inline
# script, handler or style attribute (their one <style> block, in change_list.html, is only drawn when a
# ModelAdmin turns off both action bars, which none of ours does). tests/test_csp.py renders admin pages to
# keep it so.
CONTENT_SECURITY_POLICY_RELAXED = {
    "/api/v1/docs": {"style-src": "'self' 'unsafe-inline'"},
}


def _header(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    """Puts the Content-Security-Policy header on every response (pages, error pages, API, static files).

    A response that already carries one keeps it. Django 5.2 has no built-in CSP (it comes in 6.0).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.strict = _header(CONTENT_SECURITY_POLICY)
        self.relaxed = [
            (prefix, _header({**CONTENT_SECURITY_POLICY, **changes}))
            for prefix, changes in CONTENT_SECURITY_POLICY_RELAXED.items()
        ]

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy_for(request.path_info)
        return response

    def policy_for(self, path: str) -> str:
        for prefix, header in self.relaxed:
            if path.startswith(prefix):
                return header
        return self.strict


class PagesLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in user; the API answers 401 itself instead of redirecting to a login page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class ProxiedAddressMiddleware:
    """Behind the reverse proxy (TANZIM_BEHIND_PROXY=1), the reader's address is the one the proxy saw: the last
    entry of X-Forwarded-For, which the proxy itself writes (deploy/nginx.conf). Without a proxy the header is
    whatever a client typed and is ignored, so the audit trail and the sign-in throttling never trust it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            request.META["REMOTE_ADDR"] = forwarded.rsplit(",", 1)[-1].strip()
        return self.get_response(request)


class SessionTouchMiddleware:
    """Keeps a session in use alive: its expiry is pushed back (the session saved) when a request comes more than
    a minute after the last push, instead of on every request."""

    KEY = "_touched"
    EVERY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        # Only a signed-in session: a cookie naming no session must not make the server store an empty one.
        if session is not None and session.session_key and SESSION_KEY in session:
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= self.EVERY:
                session[self.KEY] = now
        return self.get_response(request)
