-- The platform's own tables (Multiwoven server, as Rails' schema.rb lays them out), with columns the
-- server never reads, integer foreign keys, no index on sync_runs.sync_id, and no Flyway history.
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email character varying DEFAULT '' NOT NULL,
  encrypted_password character varying DEFAULT '' NOT NULL,
  name character varying,
  jti character varying NOT NULL,
  confirmed_at timestamp(6) without time zone,
  created_at timestamp(6) without time zone NOT NULL,
  updated_at timestamp(6) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_users_on_jti ON users (jti);
CREATE TABLE workspaces (
  id bigserial PRIMARY KEY,
  name character varying,
  slug character varying,
  status character varying,
  api_key character varying,
  organization_id integer,
  created_at timestamp(6) without time zone NOT NULL,
  updated_at timestamp(6) without time zone NOT NULL
);
CREATE TABLE workspace_users (
  id bigserial PRIMARY KEY,
  user_id integer NOT NULL,
  workspace_id integer,
  role_id integer,
  created_at timestamp(6) without time zone NOT NULL,
  updated_at timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_workspace_users_on_user_id ON workspace_users (user_id);
CREATE TABLE syncs (
  id bigserial PRIMARY KEY,
  workspace_id integer,
  source_id integer,
  model_id integer,
  destination_id integer,
  configuration jsonb,
  source_catalog_discovery jsonb,
  schedule_type integer,
  sync_interval integer,
  sync_interval_unit integer,
  status integer,
  cursor_field character varying,
  current_cursor_field character varying,
  discarded_at timestamp(6) without time zone,
  created_at timestamp(6) without time zone NOT NULL,
  updated_at timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_syncs_on_discarded_at ON syncs (discarded_at);
CREATE TABLE sync_runs (
  id bigserial PRIMARY KEY,
  sync_id integer,
  status integer,
  started_at timestamp(6) without time zone,
  finished_at timestamp(6) without time zone,
  total_query_rows integer,
  total_rows integer,
  successful_rows integer,
  failed_rows integer,
  error text,
  created_at timestamp(6) without time zone NOT NULL,
  updated_at timestamp(6) without time zone NOT NULL,
  source_id integer,
  destination_id integer,
  model_id integer,
  current_offset integer DEFAULT 0,
  skipped_rows integer DEFAULT 0,
  workspace_id integer,
  discarded_at timestamp(6) without time zone,
  sync_run_type integer DEFAULT 0
);
CREATE INDEX index_sync_runs_on_discarded_at ON sync_runs (discarded_at);
CREATE TABLE sync_records (
  id bigserial PRIMARY KEY,
  sync_id integer,
  sync_run_id integer,
  record jsonb,
  created_at timestamp(6) without time zone NOT NULL,
  updated_at timestamp(6) without time zone NOT NULL,
  fingerprint character varying,
  action integer,
  primary_key character varying,
  status integer DEFAULT 0,
  logs jsonb
);
CREATE UNIQUE INDEX index_sync_records_on_sync_id_and_fingerprint ON sync_records (sync_id, fingerprint);
CREATE UNIQUE INDEX index_sync_records_on_sync_id_and_primary_key ON sync_records (sync_id, primary_key);

INSERT INTO users (id, email, jti, created_at, updated_at) VALUES (1, 'a@example.com', 'jti-1', now(), now());
INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (1, 'w', now(), now());
INSERT INTO workspace_users (user_id, workspace_id, role_id, created_at, updated_at) VALUES (1, 1, 1, now(), now());
INSERT INTO syncs (id, workspace_id, status, created_at, updated_at) VALUES (42, 1, 1, now(), now());
INSERT INTO sync_runs (id, sync_id, status, started_at, finished_at, total_query_rows, total_rows, successful_rows,
                       failed_rows, error, created_at, updated_at, workspace_id)
VALUES (7, 42, 5, '2026-11-02 10:00:00', '2026-11-02 10:00:12.345678', 10, 10, 9, 1, NULL,
        '2026-11-02 09:59:59.5', '2026-11-02 10:00:13', 1),
       (8, 42, 7, '2026-11-02 11:00:00', NULL, NULL, NULL, NULL, NULL, 'boom',
        '2026-11-02 10:59:59.5', '2026-11-02 11:00:13', 1);
INSERT INTO sync_records (id, sync_id, sync_run_id, record, created_at, updated_at, fingerprint, action, primary_key,
                          status, logs)
VALUES (1, 42, 8, '{"email": "a@example.com", "value": 12345678901234567890}', '2026-11-02 11:00:01', '2026-11-02 11:00:02',
        'f1', 0, 'p1', 2, '{"error": "rejected"}'),
       (2, 42, 8, '{"email": "b@example.com"}', '2026-11-02 11:00:03', '2026-11-02 11:00:04', 'f2', 1, 'p2', 1, NULL);
