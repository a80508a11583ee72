-- Demo records: what sync 1's newest run (run 25) wrote. Every status (pending, success, failed) and
-- action (insert, update), numbers no double holds exactly, a record of about 30 KB (record 12), logs
-- that are SQL NULL (every fifth) or a JSON object (the failed ones). Written a second apart, from six
-- seconds after the run started.
INSERT INTO sync_records (sync_id, sync_run_id, record, fingerprint, action, primary_key, status, logs,
                          created_at, updated_at)
SELECT 1, 25,
       CASE WHEN n = 12
            THEN jsonb_build_object('id', n, 'email', 'user12@example.com', 'notes', repeat('lorem ipsum ', 2500))
            ELSE jsonb_build_object('id', n, 'email', 'user' || n || '@example.com',
                                    'lifetime_value', 12345678901234567890 + n, 'ratio', 0.1 * n)
       END,
       md5('demo-' || n), n % 2, 'customer-' || n, n % 3,
       CASE WHEN n % 5 = 0 THEN NULL
            WHEN n % 3 = 2 THEN jsonb_build_object('error', 'destination rejected: "invalid email"', 'attempts', 3)
            ELSE '{}'::jsonb
       END,
       TIMESTAMP '2026-11-02 11:00:05.120' + n * INTERVAL '1 second',
       TIMESTAMP '2026-11-02 11:00:06.250' + n * INTERVAL '1 second'
FROM generate_series(1, 30) AS n;
