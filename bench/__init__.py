"""Benchmarks and synthetic scale data. Scripts print figures; nothing here is a test or default data."""

import loaders  # noqa: F401  keeps openpyxl on defusedxml (see loaders/__init__.py) before openpyxl is imported
