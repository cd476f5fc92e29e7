#pragma once
// Process exit codes, documented in README.md ("Exit codes"). `exec` returns
// the child's own status instead (128 + signal when it was killed).

namespace ca {

enum class ExitCode : int {
  kSuccess = 0,      // everything asked for was done (warnings may have been shown)
  kFailed = 1,       // a required credential is missing, a check or publish failed
  kBadInput = 2,     // usage error, unreadable or invalid configuration or input
  kOutputError = 3,  // a result could not be written (env file, credentials.toml)
};

constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

}  // namespace ca
