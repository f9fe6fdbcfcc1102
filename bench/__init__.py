"""Benchmarks and synthetic scale data. Scripts print figures; nothing here is a test or default data."""
