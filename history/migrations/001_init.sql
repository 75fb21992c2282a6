-- The ledger: every file (or archive member) seen, by path and content.
-- Times are unix milliseconds, UTC.
CREATE TABLE files (
	id       INTEGER PRIMARY KEY,
	path     TEXT    NOT NULL,
	sha256   TEXT    NOT NULL,
	size     INTEGER NOT NULL,
	status   TEXT    NOT NULL CHECK (status IN ('ingested', 'duplicate', 'skipped', 'rejected')),
	reason   TEXT    NOT NULL DEFAULT '',
	seen_ms  INTEGER NOT NULL,
	-- Two processes committing the same file make one row.
	UNIQUE (path, sha256)
) STRICT;

-- Same content under another path is a duplicate.
CREATE INDEX files_by_sha256 ON files (sha256);
CREATE INDEX files_by_seen ON files (seen_ms, path);

-- One analysed activity. file_id is the ledger row that first produced it.
CREATE TABLE activities (
	id           INTEGER PRIMARY KEY,
	file_id      INTEGER NOT NULL REFERENCES files (id),
	sha256       TEXT    NOT NULL,
	source       TEXT    NOT NULL,
	format       TEXT    NOT NULL,
	sport        TEXT    NOT NULL,
	sub_sport    TEXT    NOT NULL,
	start_ms     INTEGER NOT NULL,
	utc_offset_s INTEGER NOT NULL,
	local_date   INTEGER NOT NULL, -- days since 1970-01-01 (easyday.Date)
	elapsed_s    REAL    NOT NULL CHECK (elapsed_s >= 0),
	timer_s      REAL    NOT NULL CHECK (timer_s >= 0),
	distance_m   REAL    NOT NULL,
	hr_s         REAL    NOT NULL,
	avg_hr       REAL,
	max_hr       REAL,
	z1_s         REAL    NOT NULL,
	z2_s         REAL    NOT NULL,
	z3_s         REAL    NOT NULL,
	z4_s         REAL    NOT NULL,
	z5a_s        REAL    NOT NULL,
	z5b_s        REAL    NOT NULL,
	z5c_s        REAL    NOT NULL,
	trimp        REAL,
	hrss         REAL,
	np_w         REAL,
	power_tss    REAL,
	load         REAL    NOT NULL,
	load_source  TEXT    NOT NULL CHECK (load_source IN ('power', 'hr', 'none')),
	warnings     TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
	dropped      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The duplicate check looks for the same sport starting within a minute.
CREATE INDEX activities_by_sport_start ON activities (sport, start_ms);
CREATE INDEX activities_by_start ON activities (start_ms);
CREATE INDEX activities_by_local_date ON activities (local_date, start_ms);
CREATE INDEX activities_by_file ON activities (file_id);

-- Each activity's segments (binary, see stream.go), kept apart from the
-- activity row so that listing activities never reads the streams.
CREATE TABLE streams (
	activity_id INTEGER PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
	segments    BLOB    NOT NULL
) STRICT;

-- The activities a ledger row stands for, in order: the ones it produced
-- (ingested) or the stored ones it matched (duplicate).
CREATE TABLE file_activities (
	file_id     INTEGER NOT NULL REFERENCES files (id),
	ord         INTEGER NOT NULL,
	activity_id INTEGER NOT NULL REFERENCES activities (id),
	PRIMARY KEY (file_id, ord)
) STRICT;

CREATE INDEX file_activities_by_activity ON file_activities (activity_id);

-- The scan cache: (path, size, mtime) -> sha256, so that a rescan of an
-- unchanged inbox does not read every file again. The modification time is
-- kept to the nanosecond, as the file system reports it, so that a rewrite
-- within the same second is not mistaken for the cached file.
CREATE TABLE scan_cache (
	path     TEXT    PRIMARY KEY,
	size     INTEGER NOT NULL,
	mtime_s  INTEGER NOT NULL,
	mtime_ns INTEGER NOT NULL,
	sha256   TEXT    NOT NULL
) STRICT;
