-- Rebuild activities (sqlite.org/lang_altertable.html, "Making Other Kinds Of
-- Table Schema Changes"; the runner turns foreign keys off around this step
-- and runs foreign_key_check before it commits): load_source may be 'pace',
-- and each row records the metrics version that computed it (easyday.MetricsVersion;
-- every row stored before this step was computed by version 1).
CREATE TABLE new_activities (
	id              INTEGER PRIMARY KEY,
	file_id         INTEGER NOT NULL REFERENCES files (id),
	sha256          TEXT    NOT NULL,
	source          TEXT    NOT NULL,
	format          TEXT    NOT NULL,
	sport           TEXT    NOT NULL,
	sub_sport       TEXT    NOT NULL,
	start_ms        INTEGER NOT NULL,
	utc_offset_s    INTEGER NOT NULL,
	local_date      INTEGER NOT NULL, -- days since 1970-01-01 (easyday.Date)
	elapsed_s       REAL    NOT NULL CHECK (elapsed_s >= 0),
	timer_s         REAL    NOT NULL CHECK (timer_s >= 0),
	distance_m      REAL    NOT NULL,
	hr_s            REAL    NOT NULL,
	avg_hr          REAL,
	max_hr          REAL,
	z1_s            REAL    NOT NULL,
	z2_s            REAL    NOT NULL,
	z3_s            REAL    NOT NULL,
	z4_s            REAL    NOT NULL,
	z5a_s           REAL    NOT NULL,
	z5b_s           REAL    NOT NULL,
	z5c_s           REAL    NOT NULL,
	trimp           REAL,
	hrss            REAL,
	np_w            REAL,
	power_tss       REAL,
	load            REAL    NOT NULL,
	load_source     TEXT    NOT NULL CHECK (load_source IN ('power', 'hr', 'pace', 'none')),
	warnings        TEXT    NOT NULL DEFAULT '[]', -- JSON array
	dropped         INTEGER NOT NULL DEFAULT 0,
	metrics_version INTEGER NOT NULL CHECK (metrics_version >= 1)
) STRICT;

INSERT INTO new_activities (id, file_id, sha256, source, format, sport, sub_sport, start_ms, utc_offset_s,
	local_date, elapsed_s, timer_s, distance_m, hr_s, avg_hr, max_hr,
	z1_s, z2_s, z3_s, z4_s, z5a_s, z5b_s, z5c_s, trimp, hrss, np_w, power_tss,
	load, load_source, warnings, dropped, metrics_version)
SELECT id, file_id, sha256, source, format, sport, sub_sport, start_ms, utc_offset_s,
	local_date, elapsed_s, timer_s, distance_m, hr_s, avg_hr, max_hr,
	z1_s, z2_s, z3_s, z4_s, z5a_s, z5b_s, z5c_s, trimp, hrss, np_w, power_tss,
	load, load_source, warnings, dropped, 1
FROM activities;

DROP TABLE activities;
ALTER TABLE new_activities RENAME TO activities;

CREATE INDEX activities_by_sport_start ON activities (sport, start_ms);
CREATE INDEX activities_by_start ON activities (start_ms);
CREATE INDEX activities_by_local_date ON activities (local_date, start_ms);
CREATE INDEX activities_by_file ON activities (file_id);

-- The scan cache's content hash was never read: a cache hit needs only the
-- path, size and modification time.
ALTER TABLE scan_cache DROP COLUMN sha256;
