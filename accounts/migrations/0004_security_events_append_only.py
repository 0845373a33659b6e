from django.db import migrations

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION accounts_securityevent_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- The one update allowed: a deleted user's events lose the link (on_delete SET_NULL).
    IF NEW.user_id IS NULL AND NEW.kind = OLD.kind AND NEW.username = OLD.username
       AND NEW.created_at = OLD.created_at AND NEW.path = OLD.path
       AND NEW.detail = OLD.detail
       AND NEW.ip_address IS NOT DISTINCT FROM OLD.ip_address THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'security events are append-only';
  END IF;
  IF OLD.created_at > now() - interval '180 days' THEN
    RAISE EXCEPTION 'security events are kept for 180 days';
  END IF;
  RETURN OLD;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_securityevent_append_only
  BEFORE UPDATE OR DELETE ON accounts_securityevent
  FOR EACH ROW EXECUTE FUNCTION accounts_securityevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS accounts_securityevent_append_only ON accounts_securityevent;
DROP FUNCTION IF EXISTS accounts_securityevent_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    """On PostgreSQL the database itself keeps the security log append-only (the embedded
    SQLite default relies on the model's save)."""

    dependencies = [("accounts", "0003_security_events")]

    operations = [migrations.RunPython(_on_postgresql(APPEND_ONLY), _on_postgresql(DROP))]
