// BuildInfo: what `--version` prints for mozart and mozart-studio: the project version and the git
// commit the programs were built from (found at build time by packaging/GitCommit.cmake; "-modified"
// follows it when tracked files differed from that commit, "unknown" outside a git checkout).
#pragma once

namespace mozart::app {

const char* projectVersion();  // "0.1.0"
const char* gitCommit();       // "5e0e952a1b2c" or "unknown"
const char* versionLine();     // "0.1.0 (commit 5e0e952a1b2c)"

}  // namespace mozart::app
