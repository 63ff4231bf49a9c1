import path from 'node:path';
import type { PostgresToolchain } from './postgresql-toolchain.js';
import { runCommand } from './run-command.js';

// FerretDB 1.24 on PostgreSQL pushes an equality filter down as `_jsonb->'field' @> '<value>'`,
// but the indexes it creates for the product's declared indexes (and for `_id`) are B-trees on
// `_jsonb->'field'`, which cannot answer `@>`. Every look-up, even by `_id`, is then a sequential
// scan of the whole table: about 25 ms per `_id` look-up over 10,000 cases, where MongoDB walks an
// index. To make the private cluster behave like production for equality look-ups, an event
// trigger gives each B-tree index FerretDB creates a GIN twin on its first key, which PostgreSQL
// uses for exactly that `@>` test. It changes no result (FerretDB still filters every document it
// gets back) and does nothing on MongoDB, where the product's own indexes are used as they are.
// The same is done once for indexes that already exist (a kept `npm start` data folder).

/** The SQL installed in FerretDB's database; idempotent, so it runs on every start. */
export const EQUALITY_INDEX_SQL = `
CREATE OR REPLACE FUNCTION lcp_add_equality_twin(btree regclass) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  definition text := pg_get_indexdef(btree);
  table_name regclass;
  first_key text;
BEGIN
  -- Only FerretDB's own B-trees on a document field: "... USING btree (((_jsonb -> 'field'::text)) ..."
  first_key := substring(definition FROM 'USING btree \\(\\(\\(_jsonb -> (''[^'']+''::text)\\)\\)');
  IF first_key IS NULL THEN RETURN; END IF;
  SELECT indrelid INTO table_name FROM pg_index WHERE indexrelid = btree;
  EXECUTE format(
    'CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb -> %s) jsonb_path_ops)',
    'lcp_eq_' || md5(table_name::text || first_key), table_name, first_key
  );
END
$fn$;

CREATE OR REPLACE FUNCTION lcp_equality_twins() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE
  command record;
BEGIN
  FOR command IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE INDEX' LOOP
    PERFORM lcp_add_equality_twin(command.objid::regclass);
  END LOOP;
END
$fn$;

DROP EVENT TRIGGER IF EXISTS lcp_equality_twins;
CREATE EVENT TRIGGER lcp_equality_twins ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION lcp_equality_twins();

DO $do$
DECLARE
  existing record;
BEGIN
  FOR existing IN
    SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  LOOP
    PERFORM lcp_add_equality_twin(existing.indexrelid::regclass);
  END LOOP;
END
$do$;
`;

/** Installs the event trigger (and twins for existing indexes) in FerretDB's database. */
export async function installEqualityIndexes(
  toolchain: PostgresToolchain,
  connection: { host: string; port: number; role: string; database: string },
): Promise<void> {
  const psql = path.join(toolchain.binDir, 'psql');
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', connection.host, '-p', String(connection.port)];
  await runCommand(psql, [...args, '-U', connection.role, '-d', connection.database, '-c', EQUALITY_INDEX_SQL], {
    timeoutMs: 60_000,
  });
}
