"""A trigram index on `Enterprise.search_text`, so that enterprise search is not a full scan.

`enterprise_search` filters `search_text__contains=token` per token, which PostgreSQL runs as
`search_text::text LIKE '%token%'`: no B-tree index serves that, but a pg_trgm GIN index does
(Bitmap Index Scan) for tokens of three or more characters.

PostgreSQL only; on SQLite (and any other database) this migration does nothing. The index is
not declared in `Enterprise.Meta`, so the model state, and SQLite's schema, stay as they were.

`CREATE EXTENSION pg_trgm` needs a superuser, or (PostgreSQL 13+, pg_trgm being a trusted
extension) a user with CREATE on the database. When the extension cannot be created, or the
index cannot be built, the migration logs a warning and goes on instead of failing the
deployment: search stays correct, only slower.

pg_trgm takes letters as the database's LC_CTYPE classifies them: under a UTF-8 ctype
(C.UTF-8, fa_IR.UTF-8, en_US.UTF-8) Persian words give trigrams, under plain "C" they give none
and the index cannot narrow a Persian search; the migration warns in that case.

Production: run `CREATE EXTENSION IF NOT EXISTS pg_trgm;` once as a superuser before `migrate`.
If the index was skipped, add it afterwards with CREATE_INDEX below (it is idempotent).
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

INDEX = "registry_enterprise_search_trgm"
CREATE_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON registry_enterprise "
    "USING gin (search_text gin_trgm_ops)"
)


def attempt(schema_editor, sql):
    """Run `sql` in a savepoint, so a failure leaves the migration's transaction usable."""
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(sql)
    except DatabaseError as error:
        logger.warning(
            "%s failed (%s); enterprise search runs without the trigram index. "
            "Run `CREATE EXTENSION IF NOT EXISTS pg_trgm;` as a superuser, then: %s;",
            sql.split(" ON ")[0],
            str(error).strip(),
            CREATE_INDEX,
        )
        return False
    return True


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        installed = cursor.fetchone() is not None
    if not (installed or attempt(schema_editor, "CREATE EXTENSION IF NOT EXISTS pg_trgm")):
        return
    if attempt(schema_editor, CREATE_INDEX):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT show_trgm('کاشی') = '{}', current_setting('lc_ctype')")
            no_trigrams, ctype = cursor.fetchone()
        if no_trigrams:
            logger.warning(
                "LC_CTYPE %s gives Persian letters no trigrams: the index will not speed up "
                "Persian searches; use a database with a UTF-8 ctype such as C.UTF-8.",
                ctype,
            )


def drop_index(apps, schema_editor):
    # The extension stays: other objects may use it, and dropping it needs a superuser.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
