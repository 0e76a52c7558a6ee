"""What evaluation gives the other apps (from `EvaluationConfig.ready`): its own criteria (measures.py registers
them in the criteria registry that activities and dues add to) and the scorecard panel of the body page."""

from tanzim.organization.models import BodyCategory
from tanzim.organization.panels import body_panels

from . import measures  # noqa: F401  (registers the criteria evaluation reads itself)
from .scoring import body_scorecard
from .selectors import SCORED_LEVELS


@body_panels.register("scorecard", template="evaluation/_body_panel.html", order=40)
def scorecard_panel(body, *, scope, authority):
    if body.body_type.category != BodyCategory.EXECUTIVE or body.body_type.level not in SCORED_LEVELS:
        return None
    card = body_scorecard(scope=scope, body=body)
    return {"card": card} if card is not None else None
