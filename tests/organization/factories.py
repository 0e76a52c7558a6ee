from tanzim.organization.models import Body, BodyType, Organization
from tanzim.organization.services import body_create
from tanzim.territory.models import Territory


def make_body(type_key: str, code: str | None = None, *, parent: Body | None = None, org: str = "party", **kw) -> Body:
    """A body through the real service (checks included)."""
    return body_create(
        acting_user=None,
        organization=Organization.objects.get(key=org),
        body_type=BodyType.objects.get(key=type_key),
        territory=Territory.objects.get(code=code) if code else None,
        parent=parent,
        **kw,
    )
