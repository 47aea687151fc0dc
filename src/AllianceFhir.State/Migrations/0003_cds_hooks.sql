-- CDS Hooks: what the patient-view service answers from, and what it must remember across instances.

-- Alerts per patient, active until resolved: filled by nightly-scoring and safety-sweep where they plan alerts.
-- Summary and detail are the texts Core generates from codes and scores (AlertIntent); never free text a patient wrote.
create table patient_alerts (
    alert_key text primary key,          -- AlertIntent.Key: stable across runs
    card_uuid text not null,             -- the CDS card's uuid, derived from the key (feedback names it)
    patient text not null,               -- "Patient/<id>"
    kind text not null check (kind in ('safety', 'alliance-rupture', 'not-on-track')),
    series text,                         -- "<instrument>|<scale>" for rupture and not-on-track alerts
    reason_code text not null,
    summary text not null,
    detail text not null,
    occurred_at {timestamp} not null,           -- when the scores showed it (authored time)
    raised_at {timestamp} not null,             -- when the service first recorded it
    resolved_at {timestamp},                    -- repaired rupture, superseded not-on-track
    ehr_id text                          -- the Flag / Task / Communication id the EHR gave it, once written
);
create index ix_patient_alerts_patient on patient_alerts (patient, resolved_at);
create unique index ux_patient_alerts_card on patient_alerts (card_uuid);

-- Every CDS client JWT id seen, until it expires: a replayed token is refused by any instance.
create table cds_jti (
    issuer text not null,
    jti text not null,
    expires_at {timestamp} not null,
    primary key (issuer, jti)
);
create index ix_cds_jti_expires on cds_jti (expires_at);

-- CDS Hooks feedback: what the clinician did with a card. The free-text userComment is not kept.
create table cds_feedback (
    id {id},
    service_id text not null,
    card_uuid text not null,
    outcome text not null check (outcome in ('accepted', 'overridden')),
    override_system text,
    override_code text,
    accepted_suggestions {int} not null default 0,
    outcome_timestamp {timestamp} not null,
    client_issuer text not null,
    received_at {timestamp} not null
);
create index ix_cds_feedback_card on cds_feedback (card_uuid);
