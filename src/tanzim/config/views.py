from django.shortcuts import render

from tanzim.organization.models import BodyStatus
from tanzim.organization.selectors import body_list, body_roots
from tanzim.territory.selectors import territory_counts


def home(request):
    """The landing page: what the reader's scope holds, and where to go next. An account that holds no authority
    (its mandate ended, no grant) is told so, and where to ask, rather than shown an empty organization."""
    if request.authority.is_empty:
        return render(request, "home_without_authority.html")
    scope = request.scope
    bodies = body_list(scope=scope)
    by_level: dict[str, dict[str, int]] = {}
    for row in bodies.order_by().values("body_type__level", "status"):
        level = by_level.setdefault(row["body_type__level"], {"total": 0, "constituted": 0})
        level["total"] += 1
        level["constituted"] += row["status"] == BodyStatus.CONSTITUTED
    return render(
        request,
        "home.html",
        {
            "territory_counts": territory_counts(scope=scope),
            "bodies_by_level": by_level,
            "roots": body_roots(scope=scope)[:12],
        },
    )
