"""Excel in and out: the template contract, the reader/validator and the writers. No Streamlit here."""

import os

# python-docx (the Word documents) brings lxml, and with lxml installed openpyxl parses workbook parts with lxml
# instead of defusedxml. Uploads must go through defusedxml, so openpyxl is told not to use lxml; this runs before
# openpyxl is first imported, and loaders.xlsx_safety refuses to open workbooks if it did not take effect.
os.environ.setdefault("OPENPYXL_LXML", "False")
