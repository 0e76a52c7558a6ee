"""What the reader may do, asked from a template so it shows only the buttons and forms the reader can use.

    {% load access_tags %}
    {% can "members_write" member.path as may_edit %}{% if may_edit %}…{% endif %}
    {% can_somewhere "export" as may_export %}

The view still checks every action (`request.authority.require`); hiding a button is a courtesy, not the guard.
"""

from django import template

from tanzim.access.authority import NOBODY

register = template.Library()


def _authority(context):
    request = context.get("request")
    return getattr(request, "authority", NOBODY) if request is not None else NOBODY


@register.simple_tag(takes_context=True)
def can(context, capability: str, path: str | None = None) -> bool:
    """May the reader use `capability` on a record at `path` (empty or None: a national record)?"""
    return _authority(context).can(capability, path)


@register.simple_tag(takes_context=True)
def can_somewhere(context, capability: str) -> bool:
    """May the reader use `capability` anywhere at all (to show a link to a page that asks for it)?"""
    return _authority(context).can_somewhere(capability)
