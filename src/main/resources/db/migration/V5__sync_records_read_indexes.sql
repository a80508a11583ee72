-- Indexes for the records of a run (docs/operations.md gives the same DDL, with CONCURRENTLY, for
-- operators of an existing platform database).

-- A run's records, oldest first, and their count: an index range scan in the exact order of the
-- response, so neither needs a sort.
CREATE INDEX index_sync_records_on_sync_run_id_created_at_id
    ON sync_records (sync_run_id, created_at, id);

-- The same with a status filter.
CREATE INDEX index_sync_records_on_sync_run_id_status_created_at_id
    ON sync_records (sync_run_id, status, created_at, id);
