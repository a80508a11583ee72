-- The records a run wrote, laid out as the platform has them (Multiwoven server): integer foreign
-- keys, jsonb record and logs (logs was the column error until June 2024), and its two unique
-- indexes: a record is upserted per (sync_id, primary_key), so its sync_run_id is the last run that
-- wrote it. The platform has no index on sync_run_id.
CREATE TABLE sync_records (
    id          bigserial PRIMARY KEY,
    sync_id     integer,
    sync_run_id integer,
    record      jsonb,
    fingerprint varchar,
    action      integer,
    primary_key varchar,
    status      integer DEFAULT 0,
    logs        jsonb,
    created_at  timestamp(6) NOT NULL,
    updated_at  timestamp(6) NOT NULL
);

CREATE UNIQUE INDEX index_sync_records_on_sync_id_and_fingerprint ON sync_records (sync_id, fingerprint);
CREATE UNIQUE INDEX index_sync_records_on_sync_id_and_primary_key ON sync_records (sync_id, primary_key);
