-- The tables the server reads, laid out with the platform's own column types (SPEC §2), so that the
-- same queries run against this schema and against an existing platform database.
-- Foreign-key columns are integer, as the platform's are; timestamps are timestamp(6) holding UTC.

CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    email      varchar   NOT NULL DEFAULT '',
    jti        varchar,
    created_at timestamp(6) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at timestamp(6) NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
);

CREATE TABLE workspaces (
    id         bigserial PRIMARY KEY,
    name       varchar,
    created_at timestamp(6) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at timestamp(6) NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
);

CREATE TABLE workspace_users (
    id           bigserial PRIMARY KEY,
    user_id      integer,
    workspace_id integer,
    role_id      integer,
    created_at   timestamp(6) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at   timestamp(6) NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
);

CREATE TABLE syncs (
    id           bigserial PRIMARY KEY,
    workspace_id integer,
    discarded_at timestamp(6),
    created_at   timestamp(6) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at   timestamp(6) NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
);

CREATE TABLE sync_runs (
    id               bigserial PRIMARY KEY,
    sync_id          integer,
    workspace_id     integer,
    status           integer,
    started_at       timestamp(6),
    finished_at      timestamp(6),
    total_query_rows integer,
    total_rows       integer,
    successful_rows  integer,
    failed_rows      integer,
    skipped_rows     integer DEFAULT 0,
    error            text,
    sync_run_type    integer DEFAULT 0,
    discarded_at     timestamp(6),
    created_at       timestamp(6) NOT NULL,
    updated_at       timestamp(6) NOT NULL
);

-- The platform's only index on sync_runs.
CREATE INDEX index_sync_runs_on_discarded_at ON sync_runs (discarded_at);
