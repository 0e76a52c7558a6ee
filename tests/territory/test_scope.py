"""One way to scope: the same Scope read as a Q (every selector), as SQL (the importer) and in Python (covers)
gives the same records, with one convention for national records; every model with a territory has visible_to."""

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps

from tanzim.audit.models import AuditEntry
from tanzim.organization.selectors import body_ancestors, body_under
from tanzim.people.models import Person
from tanzim.territory.checks import scoped_models, unscoped
from tanzim.territory.models import Territory
from tanzim.territory.scope import NATIONAL, Scope
from tests.organization.factories import make_body

pytestmark = pytest.mark.django_db


def _paths():
    region = Territory.objects.get(code="01")
    province = Territory.objects.filter(parent=region, level="province").order_by("code").first()
    commune = Territory.objects.filter(path__startswith=province.path, level="commune").order_by("code").first()
    other_region = Territory.objects.get(code="04")
    return region.path, province.path, commune.path, other_region.path


def _scopes():
    region, province, commune, other = _paths()
    return [
        Scope.everything(),
        Scope.nothing(),
        Scope.of(region),
        Scope.of(province),
        Scope.of(commune),
        Scope.of(province, other),
        Scope.of(national=True),
        Scope.of(province, national=True),
        Scope(paths=frozenset({""})),  # every territory, no national record
    ]


def test_q_sql_and_covers_agree_on_stored_paths():
    """Audit rows keep "" for national: the ORM filter, the raw SQL and Scope.covers select the same rows."""
    region, province, commune, other = _paths()
    rows = {
        p: AuditEntry.objects.create(action="test.scope", target_type="x", territory_path=p).pk
        for p in (NATIONAL, region, province, commune, other)
    }
    for scope in _scopes():
        expected = {pk for path, pk in rows.items() if scope.covers(path)}
        by_orm = set(AuditEntry.objects.visible_to(scope).filter(pk__in=rows.values()).values_list("pk", flat=True))
        condition, params = scope.sql("territory_path")
        with connection.cursor() as cursor:
            ids = ", ".join(str(pk) for pk in rows.values())
            cursor.execute(f"SELECT id FROM audit_auditentry WHERE id IN ({ids}) AND ({condition})", params)  # noqa: S608
            by_sql = {r[0] for r in cursor.fetchall()}
        assert by_orm == expected, scope
        assert by_sql == expected, scope


def test_a_missing_relation_reads_as_national():
    """A person without a commune (path NULL through the join) is national, like a stored "" path."""
    _, province, commune, _ = _paths()
    here = Person.objects.create(
        first_name_ar="هنا", last_name_ar="ساكن", gender="m", commune=Territory.objects.get(path=commune)
    )
    nowhere = Person.objects.create(first_name_ar="بلا", last_name_ar="جماعة", gender="f")
    ids = [here.pk, nowhere.pk]

    def seen(scope):
        return set(Person.objects.visible_to(scope).filter(pk__in=ids).values_list("pk", flat=True))

    assert seen(Scope.of(province)) == {here.pk}
    assert seen(Scope.of(national=True)) == {nowhere.pk}
    assert seen(Scope.everything()) == {here.pk, nowhere.pk}
    assert seen(Scope(paths=frozenset({""}))) == {here.pk}


def test_bodies_store_their_territory_and_tree_paths(party):
    national = make_body("national_executive")
    region = make_body("regional_office", "01", parent=national)
    province_code = Territory.objects.filter(parent__code="01", level="province").order_by("code").first().code
    province = make_body("provincial_office", province_code, parent=region)
    assert national.path == NATIONAL
    assert region.path == Territory.objects.get(code="01").path
    assert province.tree == f"{national.tree}{region.pk}/{province.pk}/"
    assert province.ancestor_ids() == [region.pk, national.pk]

    # A provincial reader sees the bodies above as far as her scope reaches: not the regional office.
    provincial = Scope.of(province.path)
    assert body_ancestors(scope=provincial, body=province) == []
    assert body_ancestors(scope=Scope.everything(), body=province) == [region, national]
    assert list(body_under(scope=Scope.everything(), body=region)) == [province]
    assert list(body_under(scope=provincial, body=national)) == [province]


def test_every_model_with_a_territory_is_read_through_a_scope():
    assert scoped_models() == []


@isolate_apps("tanzim.territory")
def test_the_check_fails_on_a_model_with_a_territory_and_no_visible_to():
    class Leaflet(models.Model):
        commune = models.ForeignKey(Territory, on_delete=models.CASCADE)

        class Meta:
            app_label = "territory"

        def __str__(self) -> str:
            return "leaflet"

    class Poster(models.Model):
        path = models.CharField(max_length=96)
        SCOPE_PATH = "where"

        class Meta:
            app_label = "territory"

        def __str__(self) -> str:
            return "poster"

    errors = {(e.obj.__name__, e.id) for e in unscoped([Leaflet, Poster])}
    assert errors == {
        ("Leaflet", "tanzim.E010"),
        ("Leaflet", "tanzim.E012"),
        ("Poster", "tanzim.E011"),
        ("Poster", "tanzim.E012"),
    }
