-- Bench records: what the runs of sql/generate.sql wrote, for the records scenario (S9). Loaded after
-- the runs, by bench/lib/data.sh through psql; deterministic like them (integer arithmetic and
-- hashint8 on the row's id, no random()).
--
--   the newest live run of each of syncs 1..100 (100 runs) wrote 1,000 records each: ids 1..100,000,
--   record ids (k - 1) * 1000 + i for the k-th run (by sync id) and its i-th record.
--   record:  a ~1 KB object (nested object, array, a 20-digit integer, a decimal, non-ASCII text);
--   status:  85 % success (1), 10 % failed (2), 5 % pending (0); action: 2/3 insert (0), 1/3 update (1);
--   logs:    an object for failed records, SQL NULL otherwise;
--   created_at: 5 ms apart from the run's created_at; every 100th record shares the time of the one
--            before it, so the id ASC tie-break matters.
--
-- The generator version is the fingerprint of record 1 ('rec1-1'): bump it (and lib/data.sh) when
-- this file changes, so that bench/run.sh reloads the records.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE FUNCTION pg_temp.h(x bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS
  $$ SELECT hashint8(x)::bigint & 4294967295 $$;

BEGIN;

TRUNCATE sync_records RESTART IDENTITY;

INSERT INTO sync_records (id, sync_id, sync_run_id, record, fingerprint, action, primary_key, status,
                          logs, created_at, updated_at)
SELECT id, sync_id, sync_run_id,
       jsonb_build_object(
         'id', i,
         'email', format('customer%s@example.com', h % 1000000),
         'name', format('Customer «%s» Ünal', h % 100000),
         'amount', (h % 10000000)::numeric / 100,
         'lifetime_value', 12345678901234567890 + i,
         'active', h % 2 = 0,
         'tags', jsonb_build_array('bench', 'tier-' || h % 5, NULL),
         'address', jsonb_build_object('street', format('%s Market Street', h % 999), 'city', 'San Francisco',
                                       'zip', lpad((h % 100000)::text, 5, '0')),
         'notes', repeat('Lorem ipsum dolor sit amet, consectetur adipiscing elit. ', 14)),
       format('rec1-%s', id),
       CASE WHEN (h >> 8) % 3 = 0 THEN 1 ELSE 0 END,
       i::text,
       status,
       CASE WHEN status = 2 THEN jsonb_build_object(
         'level', 'error',
         'message', format(E'Destination rejected row %s: "quota exceeded"\n\u2192 retry later', i),
         'request', jsonb_build_object('method', 'POST', 'attempt', h % 4 + 1)) END,
       created_at, created_at + interval '1 second'
FROM (
  SELECT (r.k - 1) * 1000 + i AS id, r.sync_id, r.id AS sync_run_id, i, m.h,
         CASE WHEN m.h % 100 < 85 THEN 1 WHEN m.h % 100 < 95 THEN 2 ELSE 0 END AS status,
         r.created_at + (i - CASE WHEN i % 100 = 0 THEN 1 ELSE 0 END) * interval '5 ms' AS created_at
  FROM (SELECT row_number() OVER (ORDER BY sync_id) AS k, id, sync_id, created_at
          FROM (SELECT DISTINCT ON (sync_id) id, sync_id, created_at
                  FROM sync_runs
                 WHERE sync_id <= 100 AND discarded_at IS NULL
                 ORDER BY sync_id, created_at DESC, id DESC) newest) r,
       generate_series(1, 1000) AS i,
       LATERAL (SELECT pg_temp.h((r.k - 1) * 1000 + i) AS h) m
) rec;

\o /dev/null
SELECT setval(pg_get_serial_sequence('sync_records', 'id'), 100000);
\o

COMMIT;
