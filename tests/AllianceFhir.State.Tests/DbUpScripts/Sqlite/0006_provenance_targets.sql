-- Which results the service has confirmed a Provenance for. R4 Provenance has no identifier, so a crash between a
-- write and its Provenance cannot be healed by a search by identifier: a re-run writes a Provenance for every
-- confirmed result not listed here (after asking the EHR by Provenance?target=), then lists them.
create table provenance_targets (
    target text primary key,             -- "Observation/<EHR id>": the reference the Provenance names
    run_id text,
    recorded_at text not null
);
