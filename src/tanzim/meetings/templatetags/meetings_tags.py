"""Minutes as typed, shown as paragraphs and lists: every character escaped, no markup ever taken from the text."""

from django import template
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _fix_paragraphs(text: str) -> list[tuple[str, list[str]]]:
    """Paragraph lines follow each other inside a chunk; a blank line starts a new paragraph."""
    result: list[tuple[str, list[str]]] = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        current: tuple[str, list[str]] | None = None
        for line in chunk.split("\n"):
            stripped = line.strip()
            if not stripped:
                continue
            kind = "ul" if stripped.startswith(("- ", "• ", "* ")) else "p"
            content = stripped[2:].strip() if kind == "ul" else stripped
            if current is not None and current[0] == kind:
                current[1].append(content)
            else:
                current = (kind, [content])
                result.append(current)
    return result


@register.filter
def minutes_html(text: str) -> SafeString:
    parts = []
    for kind, lines in _fix_paragraphs(text):
        if kind == "ul":
            parts.append("<ul>" + format_html_join("", "<li>{}</li>", ((line,) for line in lines)) + "</ul>")
        else:
            parts.append("<p>" + "<br>".join(str(conditional_escape(line)) for line in lines) + "</p>")
    return mark_safe("".join(parts))  # noqa: S308  (every piece of the text is escaped above)
