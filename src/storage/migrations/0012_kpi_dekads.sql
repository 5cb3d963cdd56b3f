-- 0012_kpi_dekads: ten-day buckets (YYYYMMD: D = 1 for days 1–10, 2 for days 11–20, 3 for day 21
-- to the month's end) in the rollups of 0004 and 0010 (kpi_agency_rollups, kpi_procedure_rollups,
-- kpi_sector_rollups) beside the day, month and quarter buckets. A period that starts or ends
-- inside a month (the NĐ 09/2019 cut-off periods, 15th to 14th; the running month up to today)
-- then reads whole ten-day periods and at most a few single days instead of up to 30 days.
--
-- Written by SqliteDossierStore::Append with the other counter tables, checked and rebuilt by
-- `motcua verify-kpi` like them. Rows may hold 0.

-- The ten-day sums of the days already written.
INSERT INTO kpi_agency_rollups(bucket, metric, agency_code, value)
SELECT bucket / 100 * 10 + min(3, (bucket % 100 - 1) / 10 + 1), metric, agency_code, sum(value)
FROM kpi_agency_rollups
WHERE bucket BETWEEN 10000101 AND 99991231
GROUP BY 1, metric, agency_code
HAVING sum(value) != 0;

INSERT INTO kpi_procedure_rollups(bucket, metric, sector_code, procedure_code, value)
SELECT bucket / 100 * 10 + min(3, (bucket % 100 - 1) / 10 + 1), metric, sector_code,
       procedure_code, sum(value)
FROM kpi_procedure_rollups
WHERE bucket BETWEEN 10000101 AND 99991231
GROUP BY 1, metric, sector_code, procedure_code
HAVING sum(value) != 0;

INSERT INTO kpi_sector_rollups(bucket, metric, sector_code, value)
SELECT bucket / 100 * 10 + min(3, (bucket % 100 - 1) / 10 + 1), metric, sector_code, sum(value)
FROM kpi_sector_rollups
WHERE bucket BETWEEN 10000101 AND 99991231
GROUP BY 1, metric, sector_code
HAVING sum(value) != 0;
