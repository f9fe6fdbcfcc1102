"""The database: opening it (DuckDB or PostgreSQL), its schema and migrations, and the stores that write it.

Owns every table: the reports store decides which report is current and which periods are locked; the plans
store replaces a plan; events is the audit trail's writer; queries are the plain reads of stored records.
Imports only loaders and vocabulary below it.
"""
