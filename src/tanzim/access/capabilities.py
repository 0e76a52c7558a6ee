"""What a holder of a position may do inside the territory of their body.

Authority is read off current mandates: a position carries capabilities, the body's territory says where they
apply. Only executive offices of the party confer authority (a council deliberates, it does not run the
registry); anyone else gets what an explicit, dated grant gives them.
"""

from tanzim.territory.capability import Capability

__all__ = ["ALL", "DEFAULT_POSITION_CAPABILITIES", "Capability", "default_capabilities"]


ALL = frozenset(Capability.values)
_READ = frozenset({Capability.READ})

# Position type key → capabilities, unless the party overrides them (PositionCapabilities in the admin).
DEFAULT_POSITION_CAPABILITIES: dict[str, frozenset[str]] = {
    "head": ALL,
    "deputy_head": ALL - {Capability.ACCOUNTS},
    "treasurer": _READ | {Capability.PERSONAL_DATA, Capability.DUES, Capability.EXPORT},
    "deputy_treasurer": _READ | {Capability.PERSONAL_DATA, Capability.DUES},
    "rapporteur": _READ | {Capability.MINUTES},
    "deputy_rapporteur": _READ | {Capability.MINUTES},
    "media_officer": _READ | {Capability.COMMUNIQUES},
}


def default_capabilities(position_key: str) -> frozenset[str]:
    """Committee members, advisors and members of an office read; the table above says the rest."""
    return DEFAULT_POSITION_CAPABILITIES.get(position_key, _READ)
