package history

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"easyday"
)

// The warnings column holds a JSON array of {"code", "text"} objects. Rows
// written before warnings had codes hold an array of strings; they are read
// as warnings with the code their text names (legacyCodes), so that
// behaviour keyed on codes treats old rows as it treated them when the text
// was the key.

// encodeWarnings stores warnings as a JSON array of objects; nil becomes [].
func encodeWarnings(w []easyday.Warning) (string, error) {
	if len(w) == 0 {
		return "[]", nil // most activities: what json.Marshal makes of none
	}
	b, err := json.Marshal(w)
	if err != nil {
		return "", fmt.Errorf("encode warnings: %w", err)
	}
	return string(b), nil
}

// decodeWarnings reads the warnings column: objects, or the strings of older
// rows. JSON null reads as none; the result is never nil. A code this
// easyday does not know is kept as easyday.WarningUnknown with its text.
func decodeWarnings(col string) ([]easyday.Warning, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(col), &raw); err != nil {
		return nil, fmt.Errorf("warnings: %w", err)
	}
	out := make([]easyday.Warning, 0, len(raw))
	for _, r := range raw {
		if bytes.HasPrefix(bytes.TrimSpace(r), []byte(`"`)) {
			var text string
			if err := json.Unmarshal(r, &text); err != nil {
				return nil, fmt.Errorf("warnings: %w", err)
			}
			out = append(out, legacyWarning(text))
			continue
		}
		var w struct {
			Code string `json:"code"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(r, &w); err != nil {
			return nil, fmt.Errorf("warnings: %w", err)
		}
		code, err := easyday.ParseWarningCode(w.Code)
		if err != nil {
			code = easyday.WarningUnknown
		}
		out = append(out, easyday.Warning{Code: code, Text: w.Text})
	}
	return out, nil
}

// legacyCodes recognise the texts that easyday wrote before warnings had
// codes, by a piece each text always held. This table is the one place where
// a warning's text decides anything, and only for rows stored by those
// versions: new warnings carry their code. Order matters where pieces
// overlap ("header CRC" before "CRC").
var legacyCodes = []struct {
	piece string
	code  easyday.WarningCode
}{
	{"header CRC mismatch", easyday.WarningHeaderCRC},
	{"file CRC mismatch", easyday.WarningFileCRC},
	{"CRC", easyday.WarningFileCRC},
	{"decoding stopped", easyday.WarningDecodeStopped},
	{"is shorter than its header says", easyday.WarningCutShort},
	{"is cut short", easyday.WarningCutShort},
	{"after the last FIT sequence", easyday.WarningTrailingBytes},
	{"its header declares no data", easyday.WarningEmptySequence},
	{"records without a timestamp", easyday.WarningUntimedRecords},
	{"more than the", easyday.WarningTooManyRecords},
	{"without a usable time", easyday.WarningUntimedPoints},
	{"carry no UTC offset", easyday.WarningNoUTCOffset},
	{"has no trackpoints", easyday.WarningNoTrackpoints},
	{"time went backwards", easyday.WarningBackwards},
	{"no thresholds in force on ", easyday.WarningNoThresholds},
	{"power is 0 throughout", easyday.WarningZeroPower},
}

// legacyWarning gives an old row's warning text its code, or
// easyday.WarningUnknown when the text is not one easyday wrote.
func legacyWarning(text string) easyday.Warning {
	for _, l := range legacyCodes {
		if strings.Contains(text, l.piece) {
			return easyday.Warning{Code: l.code, Text: text}
		}
	}
	return easyday.Warning{Code: easyday.WarningUnknown, Text: text}
}
