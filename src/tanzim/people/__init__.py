"""Persons: the people who hold mandates. The member registry extends a Person with a membership.

A separate app below `organization` because mandates point at persons and the registry (above) extends them.
"""
