"""House rules the code keeps, checked on every run rather than remembered.

Views and API modules read and write only through selectors and services (which take the reader's scope): no
`.objects` in a `views.py`, `*_views.py` or `api.py`. A query written in a view is a query that forgot its scope.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "tanzim"


def _edge_modules() -> list[Path]:
    names = ("views.py", "api.py")
    return sorted(p for p in SRC.rglob("*.py") if p.name in names or p.name.endswith("_views.py"))


def _objects_uses(path: Path, root: Path = SRC) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(root)}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_base_manager", "_default_manager")
    ]


def test_no_view_or_api_module_queries_a_model_directly():
    found = [use for path in _edge_modules() for use in _objects_uses(path)]
    assert found == []


def test_the_rule_sees_what_it_looks_for(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text("def v(request):\n    return Member.objects.all()\n", encoding="utf-8")
    assert len(_edge_modules()) > 5
    assert _objects_uses(sample, root=tmp_path) == ["views.py:2"]
