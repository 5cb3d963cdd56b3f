-- Indicator facts of appended events not yet added to the counter tables. Each group-commit
-- batch writes the merged facts of its appends here, in its own transaction (so they are as
-- durable as the events); every few thousand rows, and before the counters are read or
-- verified, the rows are folded into kpi_counters, kpi_counter_months and the three rollups and
-- deleted, in one transaction. A fact is therefore in exactly one place at any commit: here or
-- in the counters. No index: rows are only appended, read all at once and deleted all at once.
CREATE TABLE kpi_pending (
    id             INTEGER PRIMARY KEY,
    day            INTEGER NOT NULL,  -- YYYYMMDD
    metric         INTEGER NOT NULL,
    agency_code    TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    sector_code    TEXT NOT NULL,
    value          INTEGER NOT NULL
);
