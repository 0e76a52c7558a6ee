"""Every schema of the API has a name of its own: the OpenAPI document keeps one schema per name, so two apps'
`LineOut` made the document describe the evaluation's scorecard lines with the registration drive's fields."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

from tanzim.api.urls import api


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_two_schemas_of_the_api_share_a_name():
    api.get_openapi_schema()  # every router's schemas are imported and built
    modules = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("tanzim."):
            modules[schema.__name__].add(schema.__module__)
    assert {name: sorted(where) for name, where in modules.items() if len(where) > 1} == {}
