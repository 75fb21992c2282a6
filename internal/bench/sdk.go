package bench

import (
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

//go:embed fitsdk/decode.mjs
var decodeScript []byte

// InstallSDK installs Garmin's @garmin/fitsdk at SDKVersion into dir (a
// folder the benchmark owns, never committed) with the decoding script
// beside it, and returns dir. Without Node.js and npm it returns "" and why.
func InstallSDK(dir string, log io.Writer) (string, string) {
	if _, err := exec.LookPath("node"); err != nil {
		return "", "Node.js is not installed"
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return "", "npm is not installed"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err.Error()
	}
	pkg := filepath.Join(dir, "node_modules", "@garmin", "fitsdk", "package.json")
	if _, err := os.Stat(pkg); err != nil {
		cmd := exec.Command("npm", "install", "--prefix", dir, "--no-audit", "--no-fund", "--no-save", "@garmin/fitsdk@"+SDKVersion)
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			return "", fmt.Sprintf("npm install @garmin/fitsdk@%s failed: %v", SDKVersion, err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "decode.mjs"), decodeScript, 0o644); err != nil {
		return "", err.Error()
	}
	return dir, ""
}
