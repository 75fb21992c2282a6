-- Activities taken out by 'easyday exclude': stored and listed, counting for
-- nothing. Keyed by the content hash of the activity's file and its start,
-- not by the activity's id, so that an exclusion holds for the same
-- activity read again (a re-ingest, a rebuild that carries the table over
-- from the old history) whatever id it gets.
CREATE TABLE exclusions (
	sha256      TEXT    NOT NULL,
	start_ms    INTEGER NOT NULL,
	reason      TEXT    NOT NULL DEFAULT '',
	excluded_ms INTEGER NOT NULL,
	PRIMARY KEY (sha256, start_ms)
) STRICT, WITHOUT ROWID;

-- The thresholds set that scored each activity's metrics (easyday.Thresholds
-- Key; '' when none was in force). NULL for activities stored before this
-- step: which set scored them is not known.
ALTER TABLE activities ADD COLUMN thresholds_key TEXT;
