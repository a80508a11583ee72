-- Demo data for the embedded database: one user, member of workspace 1 (not of workspace 2);
-- sync 1 with 25 runs of every status, sync 2 with none, sync 3 soft-deleted, sync 4 in workspace 2.
INSERT INTO users (id, email, jti) VALUES (1, 'demo@example.com', 'demo-jti');
INSERT INTO workspaces (id, name) VALUES (1, 'Demo workspace'), (2, 'Someone else''s workspace');
INSERT INTO workspace_users (user_id, workspace_id, role_id) VALUES (1, 1, 1);
INSERT INTO syncs (id, workspace_id, discarded_at) VALUES
  (1, 1, NULL), (2, 1, NULL), (3, 1, TIMESTAMP '2026-01-01 00:00:00'), (4, 2, NULL);

INSERT INTO sync_runs (sync_id, workspace_id, status, started_at, finished_at, total_query_rows, total_rows,
                       successful_rows, failed_rows, skipped_rows, error, created_at, updated_at)
SELECT 1, 1, n % 9,
       CASE WHEN n % 9 IN (0, 3) THEN NULL ELSE TIMESTAMP '2026-11-01 10:00:00' + n * INTERVAL '1 hour' END,
       CASE WHEN n % 9 IN (5, 7, 8) THEN TIMESTAMP '2026-11-01 10:00:12.345678' + n * INTERVAL '1 hour' END,
       CASE WHEN n % 9 = 0 THEN NULL ELSE 1000 END,
       CASE WHEN n % 9 = 0 THEN NULL ELSE 1000 END,
       CASE WHEN n % 9 = 5 THEN 998 WHEN n % 9 = 0 THEN NULL ELSE 0 END,
       CASE WHEN n % 9 = 5 THEN 2 WHEN n % 9 = 7 THEN 1000 WHEN n % 9 = 0 THEN NULL ELSE 0 END,
       0,
       CASE WHEN n % 9 = 7 THEN 'destination rejected the batch: "quota exceeded"' END,
       TIMESTAMP '2026-11-01 09:59:59.120' + n * INTERVAL '1 hour',
       TIMESTAMP '2026-11-01 10:00:12.400' + n * INTERVAL '1 hour'
FROM generate_series(1, 25) AS n;

SELECT setval(pg_get_serial_sequence('users', 'id'), 1);
SELECT setval(pg_get_serial_sequence('workspaces', 'id'), 2);
SELECT setval(pg_get_serial_sequence('syncs', 'id'), 4);
