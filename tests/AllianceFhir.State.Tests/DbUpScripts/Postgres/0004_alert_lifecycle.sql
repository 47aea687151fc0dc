-- One alert lifecycle (docs/adr/0008-alert-lifecycle.md): raised → acknowledged → resolved, or entered-in-error,
-- with who, when and why at each step; an append-only audit trail of every step, feedback and escalation.

alter table patient_alerts add column status text not null default 'raised'
    check (status in ('raised', 'acknowledged', 'resolved', 'entered-in-error'));
alter table patient_alerts add column acknowledged_at text;
alter table patient_alerts add column acknowledged_by text;   -- a FHIR reference (Practitioner/…) or 'AllianceFhir'
alter table patient_alerts add column acknowledged_why text;
alter table patient_alerts add column resolved_by text;       -- resolved_at is 0003's
alter table patient_alerts add column resolved_why text;
alter table patient_alerts add column entered_in_error_at text;
alter table patient_alerts add column entered_in_error_by text;
alter table patient_alerts add column entered_in_error_why text;
alter table patient_alerts add column evidence text;          -- the resource the alert was raised from (QuestionnaireResponse/…)
alter table patient_alerts add column ehr_type text;          -- Flag | Task | Communication, once written
alter table patient_alerts add column escalations bigint not null default 0;   -- escalation windows already escalated
alter table patient_alerts add column escalated_at text;
alter table patient_alerts add column escalation_ref text;    -- the escalation Task / Communication in the EHR (latest)

-- Rows from before 0004: resolved when 0003 resolved them (a repair or a newer signal), else raised.
update patient_alerts set status = 'resolved', resolved_by = 'AllianceFhir', resolved_why = 'resolved before the lifecycle (0003)'
where resolved_at is not null;

create index ix_patient_alerts_status on patient_alerts (patient, status);
create index ix_patient_alerts_evidence on patient_alerts (evidence);
create index ix_patient_alerts_ehr on patient_alerts (ehr_id);

create table alert_events (
    id bigint generated always as identity primary key,
    alert_key text not null,
    event text not null,   -- raised | acknowledged | resolved | entered-in-error | refused | escalated | feedback-accepted | feedback-overridden
    state text,            -- the alert's state after the event
    actor text not null,   -- who: a FHIR reference, 'AllianceFhir', or the CDS client's issuer
    at text not null,      -- when it happened
    why text,              -- a reason (never patient free text)
    source text not null,  -- service | ehr | cds
    code text,             -- an override reason "system|code", an escalation's EHR reference
    recorded_at text not null
);
create index ix_alert_events_key on alert_events (alert_key, id);

-- The audit trail survives: nothing in it is changed or deleted.
create function alert_events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'alert_events is append-only';
end;
$$;
create trigger alert_events_no_change before update or delete on alert_events
    for each row execute function alert_events_append_only();
