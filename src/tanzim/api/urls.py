from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.security import django_auth

from tanzim import __version__
from tanzim.activities.api import router as activities_router
from tanzim.config import converters  # noqa: F401  (registers <id:…>, used by the operations' paths)
from tanzim.directives.api import router as directives_router
from tanzim.dues.api import router as dues_router
from tanzim.elections.api import router as elections_router
from tanzim.evaluation.api import router as evaluation_router
from tanzim.meetings.api import router as meetings_router
from tanzim.members.api import router as members_router
from tanzim.organization.api import router as organization_router
from tanzim.people.api import router as people_router
from tanzim.territory.api import router as territory_router
from tanzim.voters.api import router as voters_router

from . import errors

api = NinjaAPI(
    title="Tanzim API",
    version=f"v1 ({__version__})",
    description="Territory, bodies, positions, mandates and office renewals of the party. "
    "Every answer is limited to the caller's territorial scope; labels follow the party's nomenclature "
    "and the Accept-Language header (ar, fr). Every refusal (4xx) has one shape, `ApiError`: "
    '`{"code": …, "message": …, "field": …}`, the message in the caller\'s language.',
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=login_required,
)
errors.install(api)

api.add_router("/territories", territory_router, tags=["territory"])
api.add_router("/persons", people_router, tags=["persons"])
api.add_router("/members", members_router, tags=["members"])
api.add_router("/meetings", meetings_router, tags=["meetings"])
api.add_router("/activities", activities_router, tags=["activities"])
api.add_router("/evaluation", evaluation_router, tags=["evaluation"])
api.add_router("/directives", directives_router, tags=["directives"])
api.add_router("/dues", dues_router, tags=["dues"])
api.add_router("/elections", elections_router, tags=["elections"])
api.add_router("/voters", voters_router, tags=["voters"])
api.add_router("/", organization_router, tags=["organization"])
