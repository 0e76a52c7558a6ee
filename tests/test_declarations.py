"""The extension points every app fills from its `AppConfig.ready`: audit actions, error codes, page panels.

A new app (meetings, dues…) plugs in by declaring; these tests hold the promise that nothing is written or
answered that no app declared, and that a declared panel shows on the page without the page knowing the app.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import (
    UndeclaredAction,
    declare_actions,
    declared_actions,
    forget_actions,
)
from tanzim.audit.models import AuditEntry
from tanzim.audit.services import audit_record
from tanzim.errors import CodedError, UndeclaredError, declare_errors, declared_errors, forget_errors
from tanzim.members.panels import member_panels
from tanzim.members.services import MemberError
from tanzim.organization.errors import ErrorCode
from tanzim.organization.panels import body_panels
from tests.organization.factories import make_body

SRC = Path(__file__).resolve().parents[1] / "src" / "tanzim"


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _strings(node) -> list[str]:
    """The literal strings an expression can be: "a", or "a" if x else "b"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def _callee(node: ast.Call) -> str:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")


def written_actions() -> dict[str, list[str]]:
    """Every audit action the code writes: literal `action=` of `audit_record(...)`, and the admin's
    `<audit_name>.create|update|delete`."""
    found: dict[str, list[str]] = {}
    for path, tree in _modules():
        where = str(path.relative_to(SRC))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) == "audit_record":
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        for action in _strings(keyword.value):
                            found.setdefault(action, []).append(where)
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "audit_name" for t in node.targets):
                for name in _strings(node.value):
                    for verb in ("create", "update", "delete") if name else ():
                        found.setdefault(f"{name}.{verb}", []).append(where)
    return found


def raised_codes() -> dict[str, list[str]]:
    """Every error code the code refuses with: the first argument of a coded error, a Refusal, a choice parser."""
    kinds = {"Refusal", "MemberError", "PrivacyError", "CellError", "CodedError"}
    found: dict[str, list[str]] = {}
    for path, tree in _modules():
        where = str(path.relative_to(SRC))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            callee = _callee(node)
            if callee in kinds and node.args:
                codes = _strings(node.args[0])
            elif callee == "_choice_parser" and len(node.args) > 1:
                codes = _strings(node.args[1])
            else:
                continue
            for code in codes:
                found.setdefault(code, []).append(where)
    return found


# ------------------------------------------------------------------------------------------------ audit actions


def test_every_audit_action_the_code_writes_is_declared_by_an_app():
    written = written_actions()
    assert len(written) > 30  # the scan sees the services, the views and the admin
    assert {"member.merge", "office.renew", "consent.record", "grant.delete"} <= written.keys()
    undeclared = {action: where for action, where in written.items() if action not in declared_actions()}
    assert undeclared == {}


def test_the_scan_sees_an_action_written_in_a_new_module(tmp_path, monkeypatch):
    module = tmp_path / "services.py"
    module.write_text('audit_record(acting_user=None, action="ballot.cast" if x else "ballot.void")\n')
    monkeypatch.setattr("tests.test_declarations.SRC", tmp_path)
    assert written_actions() == {"ballot.cast": ["services.py"], "ballot.void": ["services.py"]}


@pytest.mark.django_db
def test_writing_an_undeclared_action_fails_and_writes_nothing():
    with pytest.raises(UndeclaredAction, match=r"ballot\.cast"):
        audit_record(acting_user=None, action="ballot.cast", target_type="make_believe_ballots.ballot")
    assert not AuditEntry.objects.filter(action="ballot.cast").exists()


@pytest.mark.django_db
def test_an_app_declares_its_actions_and_their_labels_from_its_ready():
    declare_actions("make_believe_ballots", {"ballot.cast": _("Member added")}, grouped=[])
    try:
        audit_record(acting_user=None, action="ballot.cast", target_type="make_believe_ballots.ballot")
        assert declared_actions()["ballot.cast"].app == "make_believe_ballots"
        with translation.override("fr"):
            assert str(declared_actions()["ballot.cast"].label) == "Adhérent ajouté"
    finally:
        forget_actions("make_believe_ballots")
    assert "ballot.cast" not in declared_actions()


def test_two_apps_cannot_declare_one_action_and_an_app_groups_only_its_own():
    with pytest.raises(ImproperlyConfigured, match=r"member\.merge"):
        declare_actions("make_believe_ballots", {"member.merge": "merge"})
    with pytest.raises(ImproperlyConfigured, match=r"ballot\.list"):
        declare_actions("make_believe_ballots", {"ballot.cast": "pay"}, grouped=["ballot.list"])
    forget_actions("make_believe_ballots")


def test_every_declared_action_has_its_label_in_arabic_and_french():
    with translation.override(None):
        english = {key: str(action.label) for key, action in declared_actions().items()}
    for language in ("ar", "fr"):
        with translation.override(language):
            untranslated = [key for key, action in declared_actions().items() if str(action.label) == english[key]]
        assert untranslated == [], language


def test_list_reads_are_the_grouped_actions():
    assert {key for key, action in declared_actions().items() if action.grouped} == {
        "member.list",
        "dues.list",
        "election.proposals_read",
        "voters.calls",
    }


# ------------------------------------------------------------------------------------------------- error codes


def test_every_error_code_the_code_refuses_with_is_declared_by_an_app():
    raised = raised_codes()
    assert len(raised) > 30
    assert {"card_taken", "already_erased", "unknown_position", "bad_cin"} <= raised.keys()
    declared = declared_errors()
    assert {code: where for code, where in raised.items() if code not in declared} == {}
    # The organization's enum and the API's own answers are in the one registry too.
    assert set(ErrorCode.values) <= declared.keys()
    assert {"not_found", "forbidden", "invalid", "csrf_failed", "person_beyond_scope"} <= declared.keys()


def test_refusing_with_an_undeclared_code_fails():
    with pytest.raises(UndeclaredError, match="card_stolen"):
        MemberError("card_stolen", "…")
    declare_errors("make_believe_ballots", {"card_stolen": _("unknown")})
    try:
        assert MemberError("card_stolen", "…").code == "card_stolen"
        assert CodedError("card_stolen", "…").message == "…"
    finally:
        forget_errors("make_believe_ballots")
    assert "card_stolen" not in declared_errors()


def test_a_code_two_apps_refuse_with_is_one_entry_of_both():
    assert declared_errors()["outside_scope"].apps >= {"members", "privacy"}
    with translation.override("ar"):
        assert str(declared_errors()["card_taken"].label) != "card number already taken"


@pytest.mark.django_db
def test_the_api_answers_only_declared_codes(client_ar):
    answer = client_ar.get("/api/v1/members/999999999").json()
    assert answer["code"] == "not_found" and answer["code"] in declared_errors()


# ------------------------------------------------------------------------------------------------------ panels


@pytest.fixture
def panel_template(tmp_path, settings):
    """A template folder of a make-believe app, beside the project's (its own key: registering a key that a real app
    uses would replace that app's panel, and unregistering it would take it off for the rest of the run)."""
    folder = tmp_path / "templates" / "sample"
    folder.mkdir(parents=True)
    (folder / "_body_panel.html").write_text(
        '<section class="card" id="sample"><h2>{{ panel.title }}</h2><p>{{ panel.count }} · {{ body.name }}</p>'
        "</section>",
        encoding="utf-8",
    )
    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0].get("DIRS", []), str(tmp_path / "templates")]
    with override_settings(TEMPLATES=templates):
        yield


def test_a_panel_registered_for_the_body_page_shows_there_with_what_its_function_read(party, client_fr, panel_template):
    body = make_body("provincial_office", "01.571")
    calls = []

    @body_panels.register("sample", template="sample/_body_panel.html", order=10)
    def sample(obj, *, scope, authority):
        calls.append((obj.pk, scope.is_everything, authority.can("offices_write", obj.path)))
        return {"title": "Réunions", "count": 3}

    try:
        html = client_fr.get(reverse("organization:detail", args=[body.pk])).content.decode()
    finally:
        body_panels.unregister("sample")

    assert '<section class="card" id="sample"><h2>Réunions</h2><p>3 · ' in html
    assert calls == [(body.pk, True, True)]  # the national administrator's scope and authority
    assert html.index('id="sample"') > html.index("<h1>")
    after = client_fr.get(reverse("organization:detail", args=[body.pk])).content.decode()
    assert 'id="sample"' not in after
    # The apps' own panels are still there for the rest of the run.
    assert {"meetings", "directives", "activities", "scorecard"} <= {p.key for p in body_panels.registered()}


def test_a_panel_with_nothing_to_show_is_left_out(party, client_fr, panel_template):
    body = make_body("provincial_office", "01.571")

    @body_panels.register("sample", template="sample/_body_panel.html")
    def sample(obj, *, scope, authority):
        return None

    try:
        html = client_fr.get(reverse("organization:detail", args=[body.pk])).content.decode()
    finally:
        body_panels.unregister("sample")
    assert 'id="sample"' not in html


def test_panels_show_in_their_order_and_the_member_page_carries_the_privacy_card():
    assert [p.key for p in member_panels.registered()] == ["dues", "voters", "privacy"]
    assert member_panels.registered()[2].template == "privacy/_member_panel.html"
    # The member page includes no template of another app by name: the panels come from the registry.
    member_page = (SRC / "members" / "templates" / "members" / "detail.html").read_text(encoding="utf-8")
    assert "privacy/" not in member_page and "{% for panel in panels %}" in member_page

    @member_panels.register("sample", template="sample/_member_panel.html", order=60)
    def sample(member, *, scope, authority):
        return {}

    try:
        assert [p.key for p in member_panels.registered()] == ["dues", "voters", "sample", "privacy"]
    finally:
        member_panels.unregister("sample")


def test_the_privacy_card_reads_the_consents_and_what_the_reader_may_do(party, client_fr):
    from tanzim.privacy.services import consent_record
    from tanzim.territory.scope import Scope
    from tests.members.factories import make_member

    member = make_member("PANEL-1", first_ar="سعاد", last_ar="البحراوي", commune="01.571.01.11")
    consent_record(
        acting_user=None,
        scope=Scope.everything(),
        member=member,
        purpose="registry",
        channel="paper",
        given_on=dt.date(2024, 3, 1),
    )
    html = client_fr.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert '<section class="card" id="privacy">' in html and "01/03/2024" in html
    assert reverse("privacy:erase", args=[member.pk]) in html  # the administrator may protect data here


# ------------------------------------------------------------------------------------- the audit page's words


def written_change_keys() -> dict[str, list[str]]:
    """The literal keys of `changes={...}` in every `audit_record(...)` of the code."""
    found: dict[str, list[str]] = {}
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) == "audit_record":
                for keyword in node.keywords:
                    if keyword.arg == "changes" and isinstance(keyword.value, ast.Dict):
                        for key in keyword.value.keys:
                            for name in _strings(key) if key is not None else ():
                                found.setdefault(name, []).append(str(path.relative_to(SRC)))
    return found


def test_every_key_the_code_writes_in_an_audit_row_has_a_label():
    from django.apps import apps

    from tanzim.audit.vocabulary import _KEYS

    written = written_change_keys()
    assert {"dropped_person", "ended", "accounts_deactivated", "name_ar"} <= written.keys()
    declared = {key for (_record_type, key) in _KEYS}
    fields = {
        f.name
        for m in apps.get_models()
        if m._meta.app_config.name.startswith("tanzim.") or m._meta.label_lower == "auth.user"
        for f in m._meta.get_fields()
    }
    assert {key: where for key, where in written.items() if key not in declared | fields} == {}


def test_names_are_asked_of_each_app_for_the_ids_the_others_left():
    from tanzim.audit.vocabulary import declare_names, forget, names
    from tanzim.territory.scope import Scope

    asked = []

    def first(ids, scope):
        asked.append(("first", sorted(ids)))
        return {"1": "one", "9": ""}  # an empty name is no name

    def second(ids, scope):
        asked.append(("second", sorted(ids)))
        return {"2": "two", "3": "three", "7": "not asked"}

    declare_names("make_believe_ballots.ballot", first, app="make_believe_ballots")
    declare_names("make_believe_ballots.ballot", second, app="elections-too")
    try:
        found = names("make_believe_ballots.ballot", [1, "2", 3, None, ""], Scope.nothing())
    finally:
        forget("make_believe_ballots")
        forget("elections-too")

    assert found == {"1": "one", "2": "two", "3": "three"}
    assert asked == [("first", ["1", "2", "3"]), ("second", ["2", "3"])]
    assert names("make_believe_ballots.ballot", [1], Scope.everything()) == {}
