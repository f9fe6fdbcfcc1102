"""Målstyring: domain types and rules, storage, ingest and queries. No Streamlit here."""
