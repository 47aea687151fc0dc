-- Following the record (docs/adr/0009-following-the-record.md).

-- Per identifier we write: the EHR resource that is current and the state we last wrote there. An update keeps the
-- EHR id and moves the version; where the EHR does not allow update, a new resource replaces the old one
-- (replaces_ehr_id) and becomes current. content_hash makes a revision with unchanged content write nothing.
create table ledger_current (
    resource_type text not null,
    identifier_system text not null,
    identifier_value text not null,
    ehr_id text not null,
    version_id text,
    content_hash text,
    replaces_ehr_id text,
    updated_at {timestamp} not null,
    primary key (resource_type, identifier_system, identifier_value)
);

-- Per QuestionnaireResponse scored: the version and content scored, so a changed response is scored again, and
-- whether it was retracted (entered-in-error or deleted), so its derived resources are withdrawn once.
create table scored_responses (
    response_id text primary key,
    patient text not null,
    version_id text,
    content_hash text not null,
    status text not null,
    scored_at {timestamp} not null
);
create index ix_scored_responses_patient on scored_responses (patient);
