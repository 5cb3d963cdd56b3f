-- 0010_kpi_rollups: two more sums of the KPI counters of 0004, so that the figures of a scope
-- read whole months of sums instead of every day of every fact.
--
-- kpi_counter_months: the per-fact counters (kpi_counters) summed per month (YYYYMM). A figure of
-- some agencies by sector or procedure (the settlement report of a department or a commune, the
-- procedures an agency received online or was paid online for) reads whole months here and
-- only the days left over in kpi_counters.
--
-- kpi_sector_rollups: the sums by sector, per day (bucket YYYYMMDD) and per month (YYYYMM), for
-- the province's report by sector, which otherwise sums every procedure's row.
--
-- Written by SqliteDossierStore::Append with the other counter tables, checked and rebuilt by
-- `motcua verify-kpi` like them. Rows may hold 0.
CREATE TABLE kpi_counter_months (
    month          INTEGER NOT NULL,
    metric         INTEGER NOT NULL,
    agency_code    TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    sector_code    TEXT NOT NULL,
    value          INTEGER NOT NULL,
    PRIMARY KEY (month, metric, agency_code, procedure_code, sector_code)
) WITHOUT ROWID;

CREATE TABLE kpi_sector_rollups (
    bucket      INTEGER NOT NULL,
    metric      INTEGER NOT NULL,
    sector_code TEXT NOT NULL,
    value       INTEGER NOT NULL,
    PRIMARY KEY (bucket, metric, sector_code)
) WITHOUT ROWID;

-- The sums of the counters already written.
INSERT INTO kpi_counter_months(month, metric, agency_code, procedure_code, sector_code, value)
SELECT day / 100, metric, agency_code, procedure_code, sector_code, sum(value)
FROM kpi_counters
GROUP BY day / 100, metric, agency_code, procedure_code, sector_code
HAVING sum(value) != 0;

INSERT INTO kpi_sector_rollups(bucket, metric, sector_code, value)
SELECT bucket, metric, sector_code, sum(value)
FROM kpi_procedure_rollups
GROUP BY bucket, metric, sector_code
HAVING sum(value) != 0;
