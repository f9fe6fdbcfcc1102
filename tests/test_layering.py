"""The layering of docs/ARCHITECTURE.md, enforced: Streamlit only in the two entry files (app.py, asgi.py), pages/
and ui/ (and the benches and tests that drive it)."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_streamlit_in_domain_storage_or_loaders():
    offenders = [
        str(path.relative_to(REPO))
        for package in ("vocabulary", "maalstyring", "loaders", "scripts")
        for path in (REPO / package).rglob("*.py")
        if "streamlit" in imported_modules(path)
    ]
    assert offenders == []


def test_of_the_top_level_files_only_the_entry_files_use_streamlit():
    # app.py is the script Streamlit runs per session; asgi.py is the server that runs it (st.App with the page
    # shell's middleware, ui/app_shell.py). Anything else at the top belongs in a layer below.
    using = {path.name for path in REPO.glob("*.py") if "streamlit" in imported_modules(path)}
    assert using == {"app.py", "asgi.py"}


def test_pages_do_not_parse_excel_or_write_sql():
    for path in (REPO / "pages").glob("*.py"):
        modules = imported_modules(path)
        assert not modules & {"openpyxl", "duckdb"}, path.name


def test_every_page_file_is_registered_in_app():
    from ui.navigation import PAGE_SPECS

    registered = {Path(spec.file).name for spec in PAGE_SPECS}
    files = {p.name for p in (REPO / "pages").glob("*.py")}
    assert files == registered
