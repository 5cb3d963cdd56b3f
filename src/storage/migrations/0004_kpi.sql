-- 0004_kpi: the incremental KPI counters (core/kpi/facts.hpp, docs/INDICATORS.md).
--
-- Written by SqliteDossierStore::Append in the same transaction as each event: the facts of the
-- events (a pure function of the event log) are added to every table below. `motcua verify-kpi`
-- recomputes them from the events and compares (`--repair` rewrites them, e.g. for a database
-- that holds dossiers from before this migration). Days are YYYYMMDD integers, months YYYYMM; a
-- value is the sum of the facts (level metrics hold day-by-day changes). Rows may hold 0.
--
-- Keys start with the day (bucket): an append's facts fall around "now", so a transaction
-- touches a few neighbouring pages of each table instead of pages all over it.

-- Every fact: day × metric (core::kpi::Metric code) × agency × procedure × sector.
CREATE TABLE kpi_counters (
    day            INTEGER NOT NULL,
    metric         INTEGER NOT NULL,
    agency_code    TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    sector_code    TEXT NOT NULL,
    value          INTEGER NOT NULL,
    PRIMARY KEY (day, metric, agency_code, procedure_code, sector_code)
) WITHOUT ROWID;

-- The same sums by agency, per day (bucket YYYYMMDD) and per month (bucket YYYYMM).
CREATE TABLE kpi_agency_rollups (
    bucket      INTEGER NOT NULL,
    metric      INTEGER NOT NULL,
    agency_code TEXT NOT NULL,
    value       INTEGER NOT NULL,
    PRIMARY KEY (bucket, metric, agency_code)
) WITHOUT ROWID;

-- And by sector and procedure (the whole province), per day and per month.
CREATE TABLE kpi_procedure_rollups (
    bucket         INTEGER NOT NULL,
    metric         INTEGER NOT NULL,
    sector_code    TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    value          INTEGER NOT NULL,
    PRIMARY KEY (bucket, metric, sector_code, procedure_code)
) WITHOUT ROWID;
