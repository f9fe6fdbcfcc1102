"""Who may do what: roles from the roles file, Koncernøkonomi's approval and locking of a period, logouts.

May import the database package (and loaders, vocabulary); nothing that reads for pages.
"""
