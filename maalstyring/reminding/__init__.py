"""Deadlines and reminders: the deadlines per period, each institution's standing, who gets a reminder, the
daily schedule and sending mail over SMTP.

May import reading, roles and database (and the top-level background module).
"""
