-- Pace load (METRICS.md §10): each activity's normalized graded pace and
-- pace load. Activities stored before this step have neither until
-- 'easyday recompute' computes them (NULL: not computed, as for a ride).
ALTER TABLE activities ADD COLUMN ngp_s_per_km REAL;
ALTER TABLE activities ADD COLUMN pace_load REAL;
