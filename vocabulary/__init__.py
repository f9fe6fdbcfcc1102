"""The ground floor: the words and records every layer shares, importing nothing of ours.

- terms: the allowed values (status, period, verdict, goal kind, upload outcome, event action, ...) as str
  enums whose values are what the database and the workbooks hold, each with one Danish label.
- key_figures: the key figures and shared goals the plans name.
- records: the plan and follow-up records that the readers build and the services store.
- formatting: Danish numbers and dates (19. december 2023, 5,0 mio. kr.).
- spelling: how a header or allowed value is compared (case, spaces and NBSP ignored).

docs/ARCHITECTURE.md describes the layers above this one.
"""
