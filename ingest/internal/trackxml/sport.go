package trackxml

import (
	"strings"

	"easyday"
)

// sportName is an easyday sport with its sub-sport, both FIT profile names.
type sportName struct {
	sport easyday.Sport
	sub   string
}

// sportNames maps the sport names TCX and GPX writers use to FIT sport and
// sub-sport names, the vocabulary the FIT decoder gives. Keys are written
// as LookupSport compares them: lower case, without spaces, '_' or '-', so
// that Garmin Connect's "trail_running", Strava's "TrailRun" and TCX's
// "Running" all match.
var sportNames = map[string]sportName{
	"running": {easyday.Running, ""}, "run": {easyday.Running, ""},
	"trailrunning": {easyday.Running, "trail"}, "trailrun": {easyday.Running, "trail"},
	"treadmillrunning": {easyday.Running, "treadmill"}, "treadmill": {easyday.Running, "treadmill"},
	"streetrunning": {easyday.Running, "street"}, "trackrunning": {easyday.Running, "track"},
	"indoorrunning": {easyday.Running, "indoor_running"},
	"virtualrun":    {easyday.Running, "virtual_activity"}, "virtualrunning": {easyday.Running, "virtual_activity"},

	"cycling": {easyday.Cycling, ""}, "biking": {easyday.Cycling, ""}, "ride": {easyday.Cycling, ""},
	"roadbiking": {easyday.Cycling, "road"}, "roadcycling": {easyday.Cycling, "road"},
	"mountainbiking": {easyday.Cycling, "mountain"}, "mountainbikeride": {easyday.Cycling, "mountain"},
	"gravelcycling": {easyday.Cycling, "gravel_cycling"}, "gravelride": {easyday.Cycling, "gravel_cycling"},
	"indoorcycling": {easyday.Cycling, "indoor_cycling"}, "cyclocross": {easyday.Cycling, "cyclocross"},
	"virtualride": {easyday.Cycling, "virtual_activity"}, "virtualcycling": {easyday.Cycling, "virtual_activity"},
	"ebiking": {easyday.EBiking, ""}, "ebikeride": {easyday.EBiking, ""},
	"emountainbikeride": {easyday.EBiking, "e_bike_mountain"}, "emountainbiking": {easyday.EBiking, "e_bike_mountain"},

	"walking": {easyday.Walking, ""}, "walk": {easyday.Walking, ""},
	"casualwalking": {easyday.Walking, "casual_walking"}, "speedwalking": {easyday.Walking, "speed_walking"},
	"hiking": {"hiking", ""}, "hike": {"hiking", ""},

	"swimming": {easyday.Swimming, ""}, "swim": {easyday.Swimming, ""},
	"lapswimming":       {easyday.Swimming, "lap_swimming"},
	"openwaterswimming": {easyday.Swimming, "open_water"}, "openwaterswim": {easyday.Swimming, "open_water"},

	"rowing": {"rowing", ""}, "row": {"rowing", ""}, "indoorrowing": {"rowing", "indoor_rowing"},
	"alpineskiing": {"alpine_skiing", ""}, "alpineski": {"alpine_skiing", ""},
	"backcountryskiing": {"alpine_skiing", "backcountry"}, "backcountryski": {"alpine_skiing", "backcountry"},
	"crosscountryskiing": {"cross_country_skiing", ""}, "nordicski": {"cross_country_skiing", ""},
	"snowboarding": {"snowboarding", ""}, "snowboard": {"snowboarding", ""},
	"kayaking": {"kayaking", ""}, "standuppaddling": {"stand_up_paddleboarding", ""},
	"standuppaddleboarding": {"stand_up_paddleboarding", ""},
	"strengthtraining":      {"training", "strength_training"}, "weighttraining": {"training", "strength_training"},

	"generic": {easyday.Generic, ""}, "other": {easyday.Generic, ""},

	// Strava writes a number into a GPX's <trk><type> for activities it
	// exports in its own format. Strava publishes no table; these are the
	// codes open-source readers of Strava exports agree on, e.g.
	// github.com/TomFryers/activate, activate/load_activity.py
	// (ACTIVITY_TYPE_NAMES: 1 Ride, 2 Ski, 9 Run, 10 Walk, 16 Swim, 23 Row),
	// with 4 for a hike from other Strava export readers.
	"1": {easyday.Cycling, ""}, "2": {"alpine_skiing", ""}, "4": {"hiking", ""},
	"9": {easyday.Running, ""}, "10": {easyday.Walking, ""}, "16": {easyday.Swimming, ""},
	"23": {"rowing", ""},
}

// LookupSport returns the sport and sub-sport a writer's sport name means,
// and false for a name the table does not know.
func LookupSport(name string) (easyday.Sport, string, bool) {
	key := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '_', '-', '\t', '\r', '\n':
			return -1
		}
		return r
	}, strings.ToLower(name))
	s, ok := sportNames[key]
	return s.sport, s.sub, ok
}
