#pragma once
// Watches every run of the real cargo-authenticate binary in the test suite for
// a token that escaped: in stdout, in stderr, or in a file the run created or
// changed that is not one of the run's intended destinations.
//
// Which values are tokens:
//   - anything holding the marker "tkn-" (the test-token convention: every test
//     token written for a new test contains it, e.g. "tkn-azure-1");
//   - the values of the secret-bearing variables handed to the run (SECRET_*,
//     *_TOKEN, *PASSWORD, ENDPOINT_AUTH_PARAMETER_*_{PASSWORD,APITOKEN,...}) and
//     its standard input (how `login` receives a token), so the suite's older
//     tests with other token spellings are covered too;
//   - values registered with register_token().
// Each token is looked for raw, as "Bearer T", inside "Basic base64(u:T)", and
// base64-encoded (the forms ca::derived_secret_forms() produces).
//
// Where a token may appear (the destinations): Azure `##vso[task.setsecret]` and
// `##vso[task.setvariable ...]` lines, GitHub `::add-mask::` lines, the stdout
// lines of `--emit shell` (export), `--emit dotenv` (NAME="...") and `--emit json
// --show-secrets` ("value": ...), and the files credentials.toml / credentials
// under CARGO_HOME, $GITHUB_ENV, the `--output` file, plus files a test names
// with allow_file(). Anything else fails the running test (ADD_FAILURE) with
// the place and the form found.
//
// Runs are scanned by run_process() when it starts CA_BINARY; a summary of what
// was scanned is printed when the test program exits.
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace ca::test {

// One form of a known token found where it must not be.
struct Leak {
  std::string where;  // "stdout line 3", "file /tmp/.../x.log"
  std::string form;   // "raw", "Bearer", "Basic", "base64", "marker"
  std::string line;   // the offending line (test tokens only, so safe to print)
};

struct LeakScanStats {
  long runs = 0;   // runs of the binary scanned
  long lines = 0;  // output lines scanned
  long files = 0;  // new or changed files scanned
  long leaks = 0;  // leaks reported
};

class LeakGuard {
 public:
  static LeakGuard& instance();

  // A token that is not in the run's environment or stdin (e.g. only in a
  // tokens file of the local registry) and does not carry the marker.
  void register_token(const std::string& token);
  // A file the test expects a token in (e.g. a child's output in an exec test).
  void allow_file(const std::filesystem::path& path);
  // Directories whose new or changed files are scanned after each run
  // (TempDir registers itself).
  void add_root(const std::filesystem::path& dir);
  void remove_root(const std::filesystem::path& dir);

  // What a run of the binary is about to do; snapshot of the roots' files.
  class Run {
   public:
    Run(const std::vector<std::string>& argv, const Env& env, const std::string& stdin_text);
    // Scans the captured output and the files changed since the snapshot;
    // reports each leak with ADD_FAILURE and returns them.
    std::vector<Leak> finish(const ProcessResult& result);

   private:
    std::vector<std::string> argv_;
    Env env_;
    std::vector<std::string> tokens_;
    std::vector<std::filesystem::path> roots_;
    std::vector<std::pair<std::filesystem::path, std::string>> before_;  // path -> stamp
  };

  // Pure scanning, for the guard's own unit tests and the leak scenario test.
  [[nodiscard]] std::vector<Leak> scan_output(const std::string& text, const std::string& stream,
                                              const std::vector<std::string>& tokens,
                                              const std::vector<std::string>& argv) const;
  [[nodiscard]] std::vector<Leak> scan_text(const std::string& text, const std::string& where,
                                            const std::vector<std::string>& tokens) const;
  // The tokens of a run: registered + secret-bearing env values + stdin.
  [[nodiscard]] std::vector<std::string> tokens_for(const Env& env, const std::string& stdin_text) const;

  [[nodiscard]] LeakScanStats stats() const;
  void record(const LeakScanStats& delta);

 private:
  LeakGuard() = default;
  mutable std::mutex mutex_;
  std::set<std::string> registered_;
  std::set<std::filesystem::path> allowed_files_;
  std::set<std::filesystem::path> roots_;
  LeakScanStats stats_;

  friend class Run;
};

// Whether an environment variable name carries a secret by its name.
bool is_secret_variable_name(const std::string& name);

}  // namespace ca::test
