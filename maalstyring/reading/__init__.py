"""Read models for pages, exports, documents and the CLI: filters, the målepunkt rows, the one verdict model,
the goal table, one institution, the shared-goal comparisons, fulfilment over time, report receipts, and the
archive of received files (history, which also restores).

May import workbooks, roles, rulebook and database. Parameterised SQL only.
"""
