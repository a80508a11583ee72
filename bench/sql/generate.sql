-- Bench data: deterministic (no random(): every value is integer arithmetic on the row's id),
-- loaded into the schema the server's migrations created. Run by bench/lib/data.sh through psql.
--
--   10 workspaces; user 1 (jti 'bench-jti') is a member of all of them.
--   syncs 1..1000: workspace (id % 10) + 1, 1,000 runs each, interleaved in time the way a platform
--                  writes them (run n of every sync, then run n+1 ...): ids 1..1,000,000.
--   sync 1001:     workspace 2, 1,000,000 runs: ids 1,000,001..2,000,000.
--   every status 0..8 (skewed like a real platform: most succeed), microsecond timestamps,
--   started_at/finished_at and the row counts null where the status says the run never got there,
--   ~1 % soft-deleted (discarded_at set), ~1 % of runs share created_at with the previous run of
--   their sync (so the id DESC tie-break matters), error texts with quotes, a newline and Unicode.
--
-- The generator version lives in users.email: bump it when this file changes, so that
-- bench/run.sh notices that the loaded data is stale.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET maintenance_work_mem = '512MB';

-- h(x): PostgreSQL's built-in integer hash (hashint8, deterministic) as 0 .. 2^32-1.
-- Helper functions live in pg_temp, for this session only: the schema stays exactly the migrations'.
CREATE FUNCTION pg_temp.h(x bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS
  $$ SELECT hashint8(x)::bigint & 4294967295 $$;

-- status from a percentile: 60 % success, 10 % failed, 5 % each canceled/paused/in_progress,
-- 4 % each queued/querying/started, 3 % pending.
CREATE FUNCTION pg_temp.status_of(h bigint) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN h % 100 < 60 THEN 5   -- success
    WHEN h % 100 < 70 THEN 7   -- failed
    WHEN h % 100 < 75 THEN 8   -- canceled
    WHEN h % 100 < 80 THEN 6   -- paused
    WHEN h % 100 < 85 THEN 4   -- in_progress
    WHEN h % 100 < 89 THEN 3   -- queued
    WHEN h % 100 < 93 THEN 2   -- querying
    WHEN h % 100 < 97 THEN 1   -- started
    ELSE 0                     -- pending
  END
$$;

BEGIN;

TRUNCATE sync_runs, syncs, workspace_users, workspaces, users RESTART IDENTITY;

INSERT INTO users (id, email, jti) VALUES (1, 'bench+gen1@example.com', 'bench-jti');

INSERT INTO workspaces (id, name)
SELECT w, 'Bench workspace ' || w FROM generate_series(1, 10) AS w;

INSERT INTO workspace_users (id, user_id, workspace_id, role_id)
SELECT w, 1, w, 1 FROM generate_series(1, 10) AS w;

INSERT INTO syncs (id, workspace_id, created_at, updated_at)
SELECT s, (s % 10) + 1, ts, ts
FROM generate_series(1, 1001) AS s,
     LATERAL (SELECT timestamp '2023-06-01 00:00:00' + s * interval '1 minute') AS t(ts);

-- One row per run: id, sync_id, n (its rank in its sync) and created_at. Every 97th run of a sync
-- takes the created_at of the run before it (same time step, same hash input): a tie.
-- Rows go in in id order (the generate_series order), so the heap is laid out like the
-- platform's: runs of different syncs interleaved.
INSERT INTO sync_runs (id, sync_id, workspace_id, status, started_at, finished_at,
                       total_query_rows, total_rows, successful_rows, failed_rows, skipped_rows,
                       error, sync_run_type, discarded_at, created_at, updated_at)
SELECT id, sync_id, (sync_id % 10) + 1, status, started_at, finished_at,
       rows_q, rows_q, GREATEST(rows_q - rows_f - rows_s, 0), rows_f, COALESCE(rows_s, 0),
       CASE WHEN status = 7 THEN format(E'Destination "warehouse-%s" rejected batch %s:\nHTTP 429 \u2192 rate limited, retry in %s s', h % 7, n, h % 60) END,
       0,
       CASE WHEN (h >> 8) % 100 = 0 THEN created_at + interval '3 days' END,
       created_at,
       COALESCE(finished_at, started_at, created_at) + ((h >> 6) % 1000000) * interval '1 microsecond'
FROM (
  SELECT k.id, k.sync_id, k.n, k.created_at, m.h, s.st AS status,
         CASE WHEN s.st IN (0, 3) THEN NULL
              ELSE k.created_at + ((m.h >> 4) % 5000000) * interval '1 microsecond' END AS started_at,
         CASE WHEN s.st IN (5, 7, 8)
              THEN k.created_at + ((m.h >> 4) % 5000000 + m.h2 % 600000000) * interval '1 microsecond'
         END AS finished_at,
         CASE WHEN s.st IN (0, 1, 2, 3) THEN NULL ELSE ((m.h >> 10) % 100000)::integer END AS rows_q,
         CASE WHEN s.st IN (0, 1, 2, 3) THEN NULL
              WHEN s.st = 7 THEN ((m.h >> 10) % 100000 / 2)::integer
              ELSE LEAST((m.h >> 20) % 10, (m.h >> 10) % 100000)::integer END AS rows_f,
         CASE WHEN s.st IN (0, 1, 2, 3) THEN NULL ELSE ((m.h >> 24) % 5)::integer END AS rows_s
  FROM (
    SELECT id, sync_id, n,
           timestamp '2024-01-01 00:00:00' + (n - tie) * interval '10 minutes' + sync_id * interval '500 ms'
             + (pg_temp.h(id - tie * 1000) % 400000) * interval '1 microsecond' AS created_at
    FROM (SELECT id, (id - 1) % 1000 + 1 AS sync_id, (id - 1) / 1000 + 1 AS n,
                 CASE WHEN ((id - 1) / 1000 + 1) % 97 = 0 THEN 1 ELSE 0 END AS tie
          FROM generate_series(1, 1000000) AS id) a
    UNION ALL
    SELECT id, 1001, n,
           timestamp '2024-01-01 00:00:00' + (n - tie) * interval '30 s'
             + (pg_temp.h(id - tie) % 25000000) * interval '1 microsecond'
    FROM (SELECT id, id - 1000000 AS n, CASE WHEN (id - 1000000) % 97 = 0 THEN 1 ELSE 0 END AS tie
          FROM generate_series(1000001, 2000000) AS id) b
  ) k,
  LATERAL (SELECT pg_temp.h(k.id) AS h, pg_temp.h(-k.id) AS h2) m,
  LATERAL (SELECT pg_temp.status_of(m.h) AS st) s
) r;

\o /dev/null
SELECT setval(pg_get_serial_sequence('users', 'id'), 1);
SELECT setval(pg_get_serial_sequence('workspaces', 'id'), 10);
SELECT setval(pg_get_serial_sequence('workspace_users', 'id'), 10);
SELECT setval(pg_get_serial_sequence('syncs', 'id'), 1001);
SELECT setval(pg_get_serial_sequence('sync_runs', 'id'), 2000000);
\o

COMMIT;
