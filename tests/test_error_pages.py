"""The refusal (403) and not-found (404) pages wear the platform's layout, in the reader's language and direction.

The reader is a provincial official of Tétouan (a dated grant), as in the access-control tests.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse

from tanzim.access.services import grant_create
from tanzim.territory.models import Territory
from tests.members.factories import make_member


def tetouan_reader(capabilities: list[str]):
    user = get_user_model().objects.create_user("tetouan-reader", password="a-long-test-password")
    grant_create(
        acting_user=None,
        user=user,
        territory=Territory.objects.get(code="01.571"),
        capabilities=capabilities,
        starts_on=dt.date(2024, 1, 1),
    )
    return user


def test_refusal_page_says_why_in_the_platform_layout(party, login):
    client = login(tetouan_reader(["read"]), language="ar")
    response = client.get(reverse("members:create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "مهامك لا تخول لك القيام بهذه العملية." in html  # the reason the authority gave, translated
    assert reverse("logout") in html and reverse("members:index") in html  # the platform's header, not a bare page
    assert "403 Forbidden" not in html


def test_refusal_page_in_french(party, login):
    client = login(tetouan_reader(["read"]), language="fr")
    response = client.get(reverse("members:create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Vos attributions ne couvrent pas cette opération." in html


def test_a_member_of_another_province_is_a_plain_not_found_page(party, login):
    other = make_member("T-1", first_ar="سعيد", last_ar="التاوناتي", commune="03.531.09.15")
    client = login(tetouan_reader(["read", "personal_data"]), language="ar")
    response = client.get(reverse("members:detail", args=[other.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert reverse("logout") in html  # the platform's layout
    assert "التاوناتي" not in html and "T-1" not in html  # nothing of the member
    missing = client.get(reverse("members:detail", args=[other.pk + 1000]))
    assert missing.status_code == 404
    # The same words whether the member exists elsewhere or not at all: no existence leak.
    assert main_part(missing.content.decode()) == main_part(html)


def main_part(html: str) -> str:
    return html.split('<main id="main">', 1)[1].split("</main>", 1)[0]
