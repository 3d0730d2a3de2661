#include "BuildInfo.h"

#include "mozart_git_commit.h"  // generated in the build folder: MOZART_GIT_COMMIT

namespace mozart::app {

const char* projectVersion() { return MOZART_VERSION; }
const char* gitCommit() { return MOZART_GIT_COMMIT; }
const char* versionLine() { return MOZART_VERSION " (commit " MOZART_GIT_COMMIT ")"; }

}  // namespace mozart::app
