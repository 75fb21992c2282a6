-- Best efforts (docs/metrics.md §12.3): each activity's threshold estimates,
-- unrounded. Activities stored before this step have none until
-- 'easyday recompute' computes them (NULL: none, as for a walk).
ALTER TABLE activities ADD COLUMN est_lthr REAL;
ALTER TABLE activities ADD COLUMN est_ftp REAL;
ALTER TABLE activities ADD COLUMN est_threshold_pace_s_per_km REAL;
ALTER TABLE activities ADD COLUMN est_max_hr REAL;
