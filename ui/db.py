"""The app's one connection, shared by all sessions; each query takes its own cursor.

On DuckDB that is the file's one connection. On PostgreSQL it is psycopg's pool (database/storage_postgres.py):
a cursor borrows a server connection per statement or transaction, so sessions never share a transaction. A
server restart costs only the requests running at that moment a Danish "ikke tilgængelig" message: the pool
checks each connection before lending it, so the next request connects afresh, without restarting the app.
"""

from __future__ import annotations

import streamlit as st

from maalstyring.database.storage import (
    DatabaseLockedError,
    DatabaseOpenError,
    DatabaseUnavailableError,
    connect,
    database_path,
)
from maalstyring.reminding import reminder_schedule
from maalstyring.workbooks.defaults import ensure_default_data


@st.cache_resource(show_spinner="Åbner databasen …")
def _connection(path: str):
    conn = connect(path)
    ensure_default_data(conn)
    reminder_schedule.start(conn)  # only with MAALSTYRING_PAAMIND_KL set: the app sends the daily reminders
    return conn


def get_connection():
    """The shared connection, or a clear Danish message and a stop when the database cannot be opened."""
    path = str(database_path())
    try:
        return _connection(path)
    except DatabaseLockedError as exc:
        st.error(f"Målstyring kan ikke åbne databasen. {exc}")
        st.stop()
    except (DatabaseOpenError, DatabaseUnavailableError) as exc:  # not cached: the next run tries again
        st.error(str(exc))
        st.stop()
