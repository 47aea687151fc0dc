-- The service's own state. Timestamps are ISO 8601 UTC text ("O" format), which sorts correctly.
create table checkpoints (
    job text primary key,
    checkpoint text not null,
    updated_at text not null
);

-- Every write to the EHR: what, when, the EHR's id, the outcome (with the OperationOutcome on failure).
create table ledger (
    id integer primary key autoincrement,
    run_id text,
    resource_type text not null,
    identifier_system text not null,
    identifier_value text not null,
    ehr_id text,
    outcome text not null check (outcome in ('created', 'existed', 'updated', 'failed')),
    status_code integer,
    operation_outcome text,
    written_at text not null
);
create unique index ux_ledger_confirmed on ledger (resource_type, identifier_system, identifier_value) where outcome in ('created', 'existed');
create index ix_ledger_run on ledger (run_id);

-- Inputs the service could not use, with the reason; references only, never the resource body.
create table quarantine (
    id integer primary key autoincrement,
    run_id text,
    source text not null,
    resource_type text,
    resource_id text,
    reason text not null,
    received_at text not null
);

-- Responses ingested for a run, waiting for their batch.
create table inbox (
    run_id text not null,
    response_id text not null,
    patient text not null,
    batch_no integer not null,
    resource_json text not null,
    primary key (run_id, response_id)
);

-- Each patient's score history, so trajectories and ruptures need no re-read of the EHR.
create table score_points (
    patient text not null,
    instrument text not null,
    scale text not null,
    source_reference text not null,
    authored text not null,
    value numeric not null,
    response_id text,
    scored_here integer not null,
    prorated integer not null,
    primary key (patient, instrument, scale, source_reference)
);

create table runs (
    run_id text primary key,
    job text not null,
    started_at text not null,
    checkpoint_candidate text,
    batch_count integer not null default 0,
    status text not null
);

create table batches (
    run_id text not null,
    batch_no integer not null,
    status text not null,
    attempts integer not null default 0,
    completed_at text,
    primary key (run_id, batch_no)
);
