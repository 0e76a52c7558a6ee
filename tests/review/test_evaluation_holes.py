"""Holes in the evaluation app, each a test that fails today and passes once it is closed."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tanzim.directives.models import Directive
from tanzim.directives.services import directive_send
from tanzim.territory.models import Territory
from tests.review.world import EVERYTHING, signed_in

BRANCH_TITLE = "هيكلة دواوير الجماعة"


def _branch_sends_a_structuring_directive(w):
    """The branch secretary sends, from her own branch, a "structure every commune" directive (it names her one
    commune), due on 01/01/2031: a right her MINUTES capability at the branch gives her."""
    response = signed_in(w["branch_user"]).post(
        reverse("directives:send", args=[w["branch"].pk]),
        {"title": BRANCH_TITLE, "rule": "communes", "due_date": "01/01/2031"},
    )
    assert response.status_code == 302 and Directive.objects.filter(title=BRANCH_TITLE).exists()


def test_a_branch_directive_does_not_become_the_national_structuring_target(world):
    """The national coverage page's target comes from the newest structuring directive the reader sees, whatever
    territory it names: a branch secretary's directive on her commune becomes the country's target (100 %, her
    date, her title)."""
    _branch_sends_a_structuring_directive(world)
    page = signed_in(world["national_user"]).get(reverse("evaluation:coverage")).content.decode()
    assert BRANCH_TITLE not in page


def test_a_branch_directive_does_not_become_the_province_structuring_target(world):
    _branch_sends_a_structuring_directive(world)
    head = signed_in(world["head_user"])
    page = head.get(reverse("evaluation:coverage")).content.decode()
    assert BRANCH_TITLE not in page and "01/01/2031" not in page
    assert head.get("/api/v1/evaluation/coverage").json()["target_date"] != "2031-01-01"


def test_the_coverage_of_the_region_above_is_not_shown_to_a_provincial_official(world):
    """Taounate's head asks for the coverage of Fès-Meknès, the region above her: the page answers with her
    province's 49 communes under the region's name ("Fès-Meknès: 1 of 49"), a figure she may carry to a meeting as
    the region's. A place outside the reader's territory is a 404, as Tétouan is."""
    head = signed_in(world["head_user"])
    assert head.get(reverse("evaluation:coverage"), {"place": "01.571"}).status_code == 404  # held: Tétouan
    assert head.get(reverse("evaluation:coverage"), {"place": "03"}).status_code == 404
    assert head.get("/api/v1/evaluation/coverage", {"territory": "03"}).status_code == 404


def test_the_region_structuring_directive_is_the_target_of_its_provinces(world):
    """The region sends "structure every commune of Fès-Meknès by 31/12/2027". The national department opens
    Taounate's coverage: the target should be the region's directive, which covers the province; today only a
    directive naming the province itself or a place inside it is found, and the page shows the default target."""
    directive_send(
        acting_user=None,
        scope=EVERYTHING,
        issuer=world["region"],
        title="هيكلة جماعات الجهة",
        rule="communes",
        territory=Territory.objects.get(code="03"),
        due_date=dt.date(2027, 12, 31),
    )
    national = signed_in(world["national_user"])
    page = national.get(reverse("evaluation:coverage"), {"place": "03.531"}).content.decode()
    assert "هيكلة جماعات الجهة" in page
    api = national.get("/api/v1/evaluation/coverage", {"territory": "03.531"}).json()
    assert api["target_date"] == "2027-12-31"
