"""Everything the directives app gives the other apps: audit actions, error codes, names, panels."""
