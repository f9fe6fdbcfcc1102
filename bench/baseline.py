"""The one table both page-speed baselines show (bench/minimal_page.py, bench/chrome_page.py): every current
report row, so the baselines draw the same data the dashboards read."""

CURRENT_REPORT_ROWS = (
    "SELECT r.institution_code, r.year, r.period, rr.measure_id, rr.status, rr.verdict "
    "FROM reports r JOIN report_rows rr USING (upload_id) WHERE r.is_current"
)


def current_report_rows(conn):
    """The rows as a DataFrame, on a cursor of its own (each Streamlit session runs in its own thread)."""
    return conn.cursor().execute(CURRENT_REPORT_ROWS).df()
