"""Ordered schema migrations. Each step runs once, in a transaction together with its record.

Append new steps at the end; never edit a step that has shipped.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "001_core_tables",
        """
        CREATE TABLE institutions (
            code VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL
        );
        CREATE TABLE uploads (
            upload_id INTEGER PRIMARY KEY,
            sha256 VARCHAR NOT NULL,
            file_name VARCHAR NOT NULL,
            content BLOB NOT NULL,
            size_bytes BIGINT NOT NULL,
            uploaded_by VARCHAR NOT NULL,
            uploaded_at TIMESTAMP NOT NULL,
            outcome VARCHAR NOT NULL,          -- godkendt | afvist | dublet
            kind VARCHAR,                      -- Plan | Opfølgning (when it could be read)
            institution_code VARCHAR,
            year INTEGER,
            period VARCHAR,
            errors_json VARCHAR,               -- all findings, as JSON, for the history page
            supersedes_upload_id INTEGER,      -- the accepted upload this one replaced
            is_example BOOLEAN NOT NULL DEFAULT FALSE
        );
        CREATE SEQUENCE upload_id_seq START 1;
        CREATE TABLE plans (
            plan_id VARCHAR PRIMARY KEY,       -- e.g. LMST-2024
            institution_code VARCHAR NOT NULL REFERENCES institutions(code),
            year INTEGER NOT NULL,
            director VARCHAR,
            director_signed DATE,
            secretary VARCHAR,
            secretary_signed DATE,
            upload_id INTEGER NOT NULL,
            UNIQUE (institution_code, year)
        );
        CREATE TABLE goals (
            goal_id VARCHAR PRIMARY KEY,
            plan_id VARCHAR NOT NULL REFERENCES plans(plan_id),
            sort_order INTEGER NOT NULL,
            nr VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,             -- Koncernfælles | Institutionsspecifik
            shared_key VARCHAR,                -- KI, ØKONOMI, ALT, SAMARBEJDE
            title VARCHAR NOT NULL,
            objective VARCHAR NOT NULL,
            remarks VARCHAR,
            goal_type VARCHAR,                 -- Drift | Udvikling
            measurement VARCHAR,
            reporting VARCHAR
        );
        CREATE TABLE measures (
            measure_id VARCHAR PRIMARY KEY,
            goal_id VARCHAR NOT NULL REFERENCES goals(goal_id),
            sort_order INTEGER NOT NULL,
            nr VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            target DOUBLE,
            unit VARCHAR,
            direction VARCHAR,                 -- Mindst | Højst
            deadline DATE
        );
        CREATE TABLE reports (
            upload_id INTEGER PRIMARY KEY,     -- one accepted follow-up workbook
            institution_code VARCHAR NOT NULL,
            year INTEGER NOT NULL,
            period VARCHAR NOT NULL,
            is_current BOOLEAN NOT NULL,       -- the newest accepted (or restored) report wins
            is_example BOOLEAN NOT NULL DEFAULT FALSE
        );
        CREATE TABLE report_rows (
            upload_id INTEGER NOT NULL,
            measure_id VARCHAR NOT NULL,
            status VARCHAR NOT NULL,
            verdict VARCHAR,
            assessment VARCHAR NOT NULL,
            cause VARCHAR,
            action VARCHAR,
            target DOUBLE,
            actual DOUBLE,
            PRIMARY KEY (upload_id, measure_id)
        );
        CREATE TABLE key_figures (
            upload_id INTEGER NOT NULL,
            institution_code VARCHAR NOT NULL,
            report_year INTEGER NOT NULL,      -- the plan year of the report that carried it
            period VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            figure_year INTEGER NOT NULL,      -- e.g. ALT 2022 and ALT 2024
            value DOUBLE NOT NULL,
            PRIMARY KEY (upload_id, name, figure_year)
        );
        """,
    ),
    (
        "002_events",
        """
        CREATE TABLE events (
            event_id INTEGER PRIMARY KEY,
            happened_at TIMESTAMP NOT NULL,
            actor VARCHAR NOT NULL,
            action VARCHAR NOT NULL,           -- indlæst | afvist | erstattet | gendannet | ...
            upload_id INTEGER,
            institution_code VARCHAR,
            year INTEGER,
            period VARCHAR,
            details VARCHAR
        );
        CREATE SEQUENCE event_id_seq START 1;
        """,
    ),
    (
        "003_approvals_and_period_locks",
        """
        CREATE TABLE approvals (
            institution_code VARCHAR NOT NULL,
            year INTEGER NOT NULL,
            period VARCHAR NOT NULL,
            upload_id INTEGER NOT NULL,        -- the report version that was approved
            approved_by VARCHAR NOT NULL,
            approved_at TIMESTAMP NOT NULL,
            PRIMARY KEY (institution_code, year, period)
        );
        CREATE TABLE period_locks (            -- a row means: uploads for year x period are refused
            year INTEGER NOT NULL,
            period VARCHAR NOT NULL,
            locked_by VARCHAR NOT NULL,
            locked_at TIMESTAMP NOT NULL,
            PRIMARY KEY (year, period)
        );
        """,
    ),
    (
        # DuckDB checks a foreign key against rows deleted earlier in the same transaction as if they were still
        # there, so replacing a plan (delete its målepunkter, then its goals, in one transaction) always failed.
        # The importer validates that every målepunkt names a goal of its own plan, so the keys stay correct.
        "004_goals_and_measures_without_foreign_keys",
        """
        CREATE TABLE goals_v3 (
            goal_id VARCHAR PRIMARY KEY,
            plan_id VARCHAR NOT NULL,
            sort_order INTEGER NOT NULL,
            nr VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            shared_key VARCHAR,
            title VARCHAR NOT NULL,
            objective VARCHAR NOT NULL,
            remarks VARCHAR,
            goal_type VARCHAR,
            measurement VARCHAR,
            reporting VARCHAR
        );
        CREATE TABLE measures_v3 (
            measure_id VARCHAR PRIMARY KEY,
            goal_id VARCHAR NOT NULL,
            sort_order INTEGER NOT NULL,
            nr VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            target DOUBLE,
            unit VARCHAR,
            direction VARCHAR,
            deadline DATE
        );
        INSERT INTO goals_v3 SELECT * FROM goals;
        INSERT INTO measures_v3 SELECT * FROM measures;
        DROP TABLE measures;
        DROP TABLE goals;
        ALTER TABLE goals_v3 RENAME TO goals;
        ALTER TABLE measures_v3 RENAME TO measures;
        """,
    ),
    (
        # "One current report per institution x year x period" lived only in code (reports.is_current), and
        # concurrent commits for a key with no report yet each left a current report. A table keyed on the
        # period makes the engine refuse the second writer (DuckDB at COMMIT, PostgreSQL at INSERT), so the
        # rule holds whatever the code does. reports.is_current is kept in step in the same transaction.
        # Backfill: the newest report marked current wins, should a race ever have left two.
        # A duplicate receipt (bytes accepted before) is archived as a row pointing at the earlier upload.
        "005_current_reports_and_duplicate_receipts",
        """
        CREATE TABLE current_reports (
            institution_code VARCHAR NOT NULL,
            year INTEGER NOT NULL,
            period VARCHAR NOT NULL,
            upload_id INTEGER NOT NULL,
            PRIMARY KEY (institution_code, year, period)
        );
        INSERT INTO current_reports
            SELECT institution_code, year, period, max(upload_id) FROM reports WHERE is_current
            GROUP BY institution_code, year, period;
        UPDATE reports SET is_current = (upload_id IN (SELECT upload_id FROM current_reports));
        ALTER TABLE uploads ADD COLUMN duplicate_of_upload_id INTEGER;
        """,
    ),
    (
        # Who sent the bytes (uploaded_by) and who pressed Indlæs (committed_by) can differ; before this, only
        # the sender was kept. Backfill from the 'indlæst' event, which always named the committer.
        "006_committed_by",
        """
        ALTER TABLE uploads ADD COLUMN committed_by VARCHAR;
        UPDATE uploads SET committed_by = (
            SELECT min(e.actor) FROM events e WHERE e.upload_id = uploads.upload_id AND e.action = 'indlæst'
        ) WHERE outcome = 'godkendt';
        """,
    ),
    (
        # Koncernøkonomi's deadline per year x period, and the reminders sent for it. A reminder row is written
        # before the mail goes out (and removed again if the send fails), so two runs on the same day, from cron
        # and from the board's button, cannot both send: the key allows one row per recipient and day.
        "007_deadlines_and_reminders",
        """
        CREATE TABLE deadlines (
            year INTEGER NOT NULL,
            period VARCHAR NOT NULL,
            due DATE NOT NULL,                 -- reports on this day are on time
            set_by VARCHAR NOT NULL,
            set_at TIMESTAMP NOT NULL,
            PRIMARY KEY (year, period)
        );
        CREATE TABLE reminders_sent (
            institution_code VARCHAR NOT NULL,
            year INTEGER NOT NULL,
            period VARCHAR NOT NULL,
            recipient VARCHAR NOT NULL,        -- lower-case e-mail address
            sent_on DATE NOT NULL,
            sent_at TIMESTAMP NOT NULL,
            sent_by VARCHAR NOT NULL,
            PRIMARY KEY (institution_code, year, period, recipient, sent_on)
        );
        """,
    ),
    (
        # Locking a period and making a report current in it ran in separate tables, and each transaction checked
        # the other's table as it was when it began (write skew): a report could become current in a period
        # locked just before. Every transaction that locks or reopens year x period, or makes a report current in
        # it, now first writes this one row for year x period (reports_store.claim_period); two such transactions
        # at once write the same row, so the engine lets one commit and fails the other (DuckDB "Conflict on
        # update"/constraint, PostgreSQL SerializationFailure), which is retried and then sees the winner.
        "008_period_gates",
        """
        CREATE TABLE period_gates (
            year INTEGER NOT NULL,
            period VARCHAR NOT NULL,
            changes BIGINT NOT NULL,           -- how many locks, reopenings and current-report changes
            PRIMARY KEY (year, period)
        );
        """,
    ),
)
