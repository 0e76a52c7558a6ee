from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from ninja import NinjaAPI
from ninja.security import django_auth

from tanzim import __version__
from tanzim.members.api import router as members_router
from tanzim.organization.api import router as organization_router
from tanzim.people.api import router as people_router
from tanzim.territory.api import router as territory_router

api = NinjaAPI(
    title="Tanzim API",
    version=f"v1 ({__version__})",
    description="Territory, bodies, positions, mandates and office renewals of the party. "
    "Every answer is limited to the caller's territorial scope; labels follow the party's nomenclature "
    "and the Accept-Language header (ar, fr).",
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=login_required,
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    """An action the caller may see but not do: 403 with the reason in the caller's language."""
    return api.create_response(request, {"detail": str(exc)}, status=403)


api.add_router("/territories", territory_router, tags=["territory"])
api.add_router("/persons", people_router, tags=["persons"])
api.add_router("/members", members_router, tags=["members"])
api.add_router("/", organization_router, tags=["organization"])
