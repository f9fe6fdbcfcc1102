"""The app's one DuckDB connection, shared by all sessions; each query takes its own cursor."""

from __future__ import annotations

import streamlit as st

from maalstyring import reminder_schedule
from maalstyring.defaults import ensure_default_data
from maalstyring.storage import DatabaseLockedError, DatabaseOpenError, connect, database_path


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
    except DatabaseOpenError as exc:
        st.error(str(exc))
        st.stop()
