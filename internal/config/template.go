package config

// Template is what 'easyday init' writes.
const Template = `# easyday configuration.
# Fill in the values marked FILL IN, then run 'easyday ingest'.

# Your time zone (IANA name). Days are counted in it.
timezone = "Europe/London"   # FILL IN

# Where you drop FIT/TCX/zip exports, where the history database and the
# daily reports go. Relative paths are relative to this file; ~ is your
# home. The defaults ($XDG_DATA_HOME is ~/.local/share when unset):
# inbox    = "~/.local/share/easyday/inbox"
# database = "~/.local/share/easyday/history.db"
# reports  = "~/.local/share/easyday/reports"

[athlete]
sex = "male"            # FILL IN: "male" or "female" (TRIMP weighting)
resting_hr = 50         # FILL IN: resting heart rate, bpm
max_hr = 190            # FILL IN: maximum heart rate, bpm
distance_unit = "km"    # "km" or "mi"
injury_prone = false    # true: after a hard day, advice is cross-training, not a run
# Starting fitness and fatigue, when your files cover only the last weeks
# (copy CTL and ATL from another tool):
# fitness_seed = 0
# fatigue_seed = 0
# Optional, for notes in the report: first day of a period and cycle length.
# cycle_start = 2026-01-01
# cycle_length_days = 28

# Thresholds, dated: each set applies from its day until the next set's day
# (the first set also scores anything older, for want of a better number).
# Add a new [[thresholds]] table when a test gives new numbers; then run
# 'easyday recompute' to apply them to the activities since that day.
[[thresholds]]
from = 2020-01-01       # FILL IN
run_lthr = 170          # FILL IN: lactate-threshold heart rate when running, bpm
bike_lthr = 160         # FILL IN: lactate-threshold heart rate on the bike, bpm
# ftp = 250             # functional threshold power, W (enables power TSS)
# run_threshold_pace: the pace you could race for about an hour; a recent 10 km race pace is close.
# Written "4:30/km" or "7:15/mi", it gives runs a pace load when heart rate
# is missing or patchy.
# run_threshold_pace = "4:30/km"
`
