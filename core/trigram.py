"""Trigram indexes for the pinyin terms columns (core.pinyin): a Latin query is a substring
test (`pinyin_terms LIKE '% szjj%'`), which a btree cannot serve; pg_trgm's GIN index can
when the query has three characters or more (a shorter one is a prefix of many terms, and
the LIMIT of a lookup stops its scan early). PostgreSQL only: the SQLite demo scans its few
rows."""


def operations(table):
    """A migration's RunPython pair creating and dropping the index on `table`."""
    index = f"{table}_pinyin_terms_trgm"

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
                                  "USING gin (pinyin_terms gin_trgm_ops)")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")

    return create, drop
