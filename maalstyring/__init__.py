"""Målstyring: domain types and rules, storage, ingest and queries. No Streamlit here."""

import loaders  # noqa: F401  keeps openpyxl on defusedxml (see loaders/__init__.py) before openpyxl is imported
