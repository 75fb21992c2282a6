-- Wellness values (resting heart rate, HRV, sleep, stress) per local day.
-- One day arrives in several files and again in every later export: the key
-- (day, metric, time) makes a re-import or an overlap change nothing; the
-- first file to bring a value keeps it.
CREATE TABLE wellness (
	day     INTEGER NOT NULL, -- days since 1970-01-01 (easyday.Date)
	metric  TEXT    NOT NULL, -- easyday.Metric
	time_s  INTEGER NOT NULL, -- unix seconds, UTC
	value   REAL    NOT NULL,
	file_id INTEGER NOT NULL REFERENCES files (id),
	PRIMARY KEY (day, metric, time_s)
) STRICT, WITHOUT ROWID;

CREATE INDEX wellness_by_file ON wellness (file_id);
