from .scope import Scope


def scope_for_user(user) -> Scope:
    """The scope a signed-in user reads through.

    Until territorial access control lands every signed-in account is all-seeing; anonymous requests see
    nothing. This is the one function that decides, so access control replaces it without touching a view.
    """
    if user is not None and user.is_authenticated and user.is_active:
        return Scope.everything()
    return Scope.nothing()


class ScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = scope_for_user(getattr(request, "user", None))
        return self.get_response(request)
