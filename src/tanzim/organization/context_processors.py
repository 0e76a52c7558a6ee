from .selectors import party_profile


def party(request):
    """The party profile on every page (its name heads the layout)."""
    return {"party": party_profile()}
