-- 0011_kpi_quarters: quarter buckets (YYYYQ, quarter 1–4) in the rollups of 0004 and 0010
-- (kpi_agency_rollups, kpi_procedure_rollups, kpi_sector_rollups) beside the day (YYYYMMDD) and
-- month (YYYYMM) buckets. A year is four of them, so a figure over a year, or the levels at a
-- day (which sum all history), read a few quarters instead of every month.
--
-- Written by SqliteDossierStore::Append with the other counter tables, checked and rebuilt by
-- `motcua verify-kpi` like them. Rows may hold 0.

-- The quarters of the months already written.
INSERT INTO kpi_agency_rollups(bucket, metric, agency_code, value)
SELECT bucket / 100 * 10 + (bucket % 100 - 1) / 3 + 1, metric, agency_code, sum(value)
FROM kpi_agency_rollups
WHERE bucket BETWEEN 100001 AND 999912
GROUP BY 1, metric, agency_code
HAVING sum(value) != 0;

INSERT INTO kpi_procedure_rollups(bucket, metric, sector_code, procedure_code, value)
SELECT bucket / 100 * 10 + (bucket % 100 - 1) / 3 + 1, metric, sector_code, procedure_code,
       sum(value)
FROM kpi_procedure_rollups
WHERE bucket BETWEEN 100001 AND 999912
GROUP BY 1, metric, sector_code, procedure_code
HAVING sum(value) != 0;

INSERT INTO kpi_sector_rollups(bucket, metric, sector_code, value)
SELECT bucket / 100 * 10 + (bucket % 100 - 1) / 3 + 1, metric, sector_code, sum(value)
FROM kpi_sector_rollups
WHERE bucket BETWEEN 100001 AND 999912
GROUP BY 1, metric, sector_code
HAVING sum(value) != 0;
