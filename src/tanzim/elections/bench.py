"""`tanzim bench`, elections: the national list of proposed candidates with every criterion judged, over the whole
registry the bench imported (a million members), timed as the server answers it for a national reader.

Proposals are spread evenly over the registry (one member in every `step`), proposed by the national bureau in
the 2026 election's local constituencies, written in one statement — bench data only; every member gets a dues
standing (dues.bench.standing_fill) so the dues criterion reads real rows. The page evaluates only the 50
proposals it shows, in a constant number of queries. Synthetic data only."""

from __future__ import annotations

import time

from django.db import connection

TARGET_MS = 300.0
PROPOSALS = 5_000


def proposals_fill(*, election, body, count: int = PROPOSALS) -> int:
    """`count` proposals of members spread over the registry (deterministic), none twice."""
    from tanzim.members.models import Member

    from .models import Proposal

    if Proposal.objects.filter(election=election, body=body).exists():
        return 0
    total = Member.objects.count()
    step = max(1, total // count)
    constituency_ids = list(election.constituencies.filter(is_regional=False).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO elections_proposal (election_id, constituency_id, member_id, body_id, status, note, reason, "
            "proposed_at) SELECT %s, (%s::bigint[])[1 + mod(m.n, %s)], m.id, %s, "
            "CASE WHEN mod(m.n, 3) = 0 THEN 'accepted' ELSE 'proposed' END, '', '', now() "
            "FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM members_member) m "
            "WHERE mod(m.n, %s) = 0 LIMIT %s",
            [election.pk, constituency_ids, len(constituency_ids), body.pk, step, count],
        )
        made = cursor.rowcount
        cursor.execute("ANALYZE elections_proposal")
    return made


def proposals_page_figures(runs: int = 20) -> dict:
    """Server time of /elections/<2026>/proposals/ for a national reader: the first page and a page deep in."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.http import HttpRequest
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tanzim.dues.bench import standing_fill
    from tanzim.members.bench import picker_setup
    from tanzim.members.models import Member
    from tanzim.organization.models import Body

    from .models import Proposal
    from .services import legislative_2026_load

    picker_setup()
    national = Body.objects.get(organization__key="party", body_type__key="national_executive")
    election = legislative_2026_load()
    filled = standing_fill()
    made = proposals_fill(election=election, body=national)
    user = get_user_model().objects.filter(username="bench-national").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-national", password=None)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ar")
    client.force_login(user)
    # A national reader passes the second factor (as directives.bench does): a confirmed device, the session marked.
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    request = HttpRequest()
    request.session = client.session
    request.user = user
    otp_login(request, device)
    request.session.save()
    secure = not settings.DEBUG
    url = f"/elections/{election.pk}/proposals/"
    ids = list(Proposal.objects.filter(election=election).order_by("id").values_list("id", flat=True))
    deep = ids[len(ids) // 2] if ids else 0
    figures: dict = {
        "registry": Member.objects.count(),
        "proposals": len(ids),
        "proposals_written": made,
        "standings_written": filled,
        "pages": {},
    }
    for name, query in (("first", {}), ("deep", {"after": deep})):
        first = client.get(url, query, secure=secure)
        if first.status_code != 200:
            raise RuntimeError(f"{url} answered {first.status_code}")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url, query, secure=secure)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(url, query, secure=secure)
        times.sort()
        figures["pages"][name] = {
            "p50_ms": times[len(times) // 2],
            "p95_ms": times[min(len(times) - 1, int(len(times) * 0.95))],
            "rows": answer.content.decode().count('class="badge status-'),
            "queries": len(captured.captured_queries),
        }
    figures["worst_p95_ms"] = max(p["p95_ms"] for p in figures["pages"].values())
    figures["ratio_to_target"] = figures["worst_p95_ms"] / TARGET_MS
    return figures
