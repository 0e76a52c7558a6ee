from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tanzim.territory.services import territory_load


def test_the_official_division_has_the_exact_counts(db):
    # given the division loaded once for the test database (conftest)
    # then
    assert Territory.objects.filter(level="region").count() == 12
    assert Territory.objects.filter(level="province").count() == 83
    assert Territory.objects.filter(level="commune").count() == 1503
    assert Territory.objects.filter(level="arrondissement").count() == 41
    assert Territory.objects.filter(kind="prefecture").count() + Territory.objects.filter(kind="province").count() == 83


def test_a_second_load_changes_nothing(db):
    before = list(Territory.objects.order_by("code").values())
    report = territory_load()
    after = list(Territory.objects.order_by("code").values())
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1639)
    assert before == after


def test_a_changed_unit_is_brought_back_in_line(db):
    Territory.objects.filter(code="03.531").update(name_fr="Taounat (faute de frappe)", population_2024=1)
    report = territory_load()
    assert (report.created, report.updated) == (0, 1)
    taounate = Territory.objects.get(code="03.531")
    assert (taounate.name_fr, taounate.name_ar, taounate.population_2024) == ("Taounate", "تاونات", 612650)


def test_paths_nest_units_by_prefix(db):
    tetouan = Territory.objects.get(code="01.571")
    assert tetouan.path == "01/01.571/"
    commune = Territory.objects.get(code="01.571.01.11")
    assert commune.path.startswith(tetouan.path) and commune.name_ar == "تطوان"
    # Taounate province holds 49 communes, the Tanger-Tétouan-Al Hoceima region 146.
    assert Territory.objects.filter(level="commune", path__startswith="03/03.531/").count() == 49
    assert Territory.objects.filter(level="commune", path__startswith="01/").count() == 146


def test_a_bare_code_prefix_would_mislead_but_the_path_does_not(db):
    # HCP codes Tanger "01.511.01.0" and Assilah "01.511.01.01": a raw prefix puts Assilah inside Tanger.
    tanger = Territory.objects.get(code="01.511.01.0")
    assilah = Territory.objects.get(code="01.511.01.01")
    assert assilah.code.startswith(tanger.code)
    assert not tanger.contains(assilah)
    inside_tanger = Territory.objects.filter(path__startswith=tanger.path).exclude(pk=tanger.pk)
    assert set(inside_tanger.values_list("level", flat=True)) == {"arrondissement"}
    assert inside_tanger.count() == tanger.children.count() > 0


def test_scope_filters_with_prefixes(db):
    scope = Scope.of("03/03.531/")
    visible = Territory.objects.visible_to(scope)
    assert visible.count() == 50  # the province and its 49 communes
    assert scope.covers("03/03.531/03.531.01.05/")
    assert not scope.covers("01/01.571/")
    assert not scope.covers(None), "a provincial scope does not cover national records"
    assert Scope.nothing().filter(Territory.objects.all(), "path").count() == 0
    assert Scope.everything().filter(Territory.objects.all(), "path").count() == 1639
