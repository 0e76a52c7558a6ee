"""Tanzim (تنظيم): the organization platform of a political party."""

__version__ = "0.1.0"
