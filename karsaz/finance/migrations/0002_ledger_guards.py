"""Database guards of the ledger, beyond Django's constraints.

PostgreSQL: a deferred constraint trigger refuses, at commit, any journal entry whose postings do
not sum to zero; row triggers refuse UPDATE and DELETE of postings and journal entries.
SQLite: triggers refuse UPDATE (DELETE is refused in code; test databases are flushed with
DELETE on SQLite); the balance check runs in the posting transaction (ledger.py).
"""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION finance_entry_balanced() RETURNS trigger AS $$
DECLARE total bigint;
BEGIN
  SELECT COALESCE(SUM(amount), 0) INTO total FROM finance_posting WHERE entry_id = NEW.entry_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'journal entry % is unbalanced by %', NEW.entry_id, total
      USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER finance_posting_balanced AFTER INSERT ON finance_posting
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION finance_entry_balanced();
CREATE OR REPLACE FUNCTION finance_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ledger history is append-only (% on %)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = '42501';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER finance_posting_append_only BEFORE UPDATE OR DELETE ON finance_posting
  FOR EACH ROW EXECUTE FUNCTION finance_append_only();
CREATE TRIGGER finance_entry_append_only BEFORE UPDATE OR DELETE ON finance_journalentry
  FOR EACH ROW EXECUTE FUNCTION finance_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS finance_posting_balanced ON finance_posting;
DROP TRIGGER IF EXISTS finance_posting_append_only ON finance_posting;
DROP TRIGGER IF EXISTS finance_entry_append_only ON finance_journalentry;
DROP FUNCTION IF EXISTS finance_entry_balanced();
DROP FUNCTION IF EXISTS finance_append_only();
"""
SQLITE_UP = [
    """CREATE TRIGGER finance_posting_no_update BEFORE UPDATE ON finance_posting
       BEGIN SELECT RAISE(ABORT, 'ledger history is append-only'); END""",
    """CREATE TRIGGER finance_entry_no_update BEFORE UPDATE ON finance_journalentry
       BEGIN SELECT RAISE(ABORT, 'ledger history is append-only'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS finance_posting_no_update",
    "DROP TRIGGER IF EXISTS finance_entry_no_update",
]


def up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:  # no params: '%' is literal here
            cursor.execute(PG_UP)
    elif schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_UP:
            schema_editor.execute(sql)


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
