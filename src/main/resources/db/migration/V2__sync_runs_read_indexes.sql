-- Indexes for the server's queries (the platform has none on sync_runs.sync_id).
-- The README gives the same DDL, with CONCURRENTLY, for operators of an existing platform database.

-- The page of a sync, newest first, and its count: an index range scan in the exact order of the
-- response, restricted to live rows, so neither needs a sort.
CREATE INDEX index_sync_runs_live_on_sync_id_created_at_id
    ON sync_runs (sync_id, created_at DESC, id DESC) WHERE discarded_at IS NULL;

-- The same with a status filter.
CREATE INDEX index_sync_runs_live_on_sync_id_status_created_at_id
    ON sync_runs (sync_id, status, created_at DESC, id DESC) WHERE discarded_at IS NULL;

-- Workspace membership of a user.
CREATE INDEX index_workspace_users_on_user_id_workspace_id
    ON workspace_users (user_id, workspace_id);
