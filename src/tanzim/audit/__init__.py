"""The audit trail: one append-only row per write, recorded inside the write's own transaction.

It sits at the bottom of the app stack so every app's services can record into it without importing upward.
"""
