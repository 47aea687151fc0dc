-- Demographics of scored patients, for report strata (clinic, clinician, programme, delivery mode, age band).
create table patients (
    patient text primary key,
    birth_date text,
    clinic text,
    clinician text,
    programme text,
    delivery_mode text,
    updated_at {timestamp} not null
);

-- MeasureReports the service keeps when the EHR does not accept MeasureReport create; written once per identifier.
create table measure_reports (
    identifier text primary key,
    period text not null,
    measure text not null,
    report_type text not null,
    resource_json text not null,
    created_at {timestamp} not null
);
create index ix_measure_reports_period on measure_reports (period);
