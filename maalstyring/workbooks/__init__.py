"""Workbooks in and out: receiving, checking and committing an upload (the only way data gets in), the preview
of what it would change, where its own verdicts differ from the plan's rules (rule_check), the bundled default
and example data, the follow-up template's key figures, and the quota on stored originals.

May import roles, rulebook and database.
"""
