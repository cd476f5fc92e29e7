#include "support/leak_guard.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/printed_path.hpp"
#include "support/text_lines.hpp"
#include "util/base64.hpp"
#include "util/strings.hpp"

namespace ca::test {
namespace {

namespace fs = std::filesystem;

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

constexpr std::string_view kMarker = "tkn-";
constexpr std::size_t kShortestToken = 4;
constexpr std::uintmax_t kLargestScannedFile = 8U << 20U;

struct Form {
  std::string text;
  std::string kind;
};

bool looks_like_variable_name(const std::string& v) {
  if (v.empty()) return false;
  return std::all_of(v.begin(), v.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
}

// base64 of T as it appears inside base64(prefix + T + suffix) for any prefix
// length modulo 3: the characters of the groups made only of T's bytes.
std::vector<std::string> embedded_base64(const std::string& token) {
  std::vector<std::string> out;
  for (std::size_t skip = 0; skip < 3 && skip < token.size(); ++skip) {
    const std::string tail = token.substr(skip);
    const std::size_t whole_groups = tail.size() / 3;
    if (whole_groups < 2) continue;  // fewer than 8 characters would match by chance
    out.push_back(base64_encode(tail.substr(0, whole_groups * 3)));
  }
  return out;
}

// Every way a token T may be printed; longest (most specific) first.
std::vector<Form> forms_of(const std::string& token_in) {
  const std::string token = trim(token_in);
  std::vector<std::string> raw{token};
  if (starts_with_ignore_case(token, "bearer ")) raw.push_back(trim(token.substr(7)));
  if (starts_with_ignore_case(token, "basic ")) {
    const std::string encoded = trim(token.substr(6));
    raw.push_back(encoded);
    if (auto decoded = base64_decode(encoded)) {
      raw.push_back(*decoded);
      if (const auto colon = decoded->find(':'); colon != std::string::npos)
        raw.push_back(decoded->substr(colon + 1));
    }
  }
  std::vector<Form> forms;
  for (const auto& r : raw) {
    if (r.size() < kShortestToken) continue;
    forms.push_back({"Bearer " + r, "Bearer"});
    forms.push_back({r, "raw"});
    forms.push_back({base64_encode(r), "base64"});
    for (auto& e : embedded_base64(r)) forms.push_back({std::move(e), "Basic/base64"});
  }
  std::stable_sort(forms.begin(), forms.end(),
                   [](const Form& a, const Form& b) { return a.text.size() > b.text.size(); });
  return forms;
}

bool has_arg(const std::vector<std::string>& argv, const std::string& flag, const std::string& value = "") {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (value.empty() && argv[i] == flag) return true;
    if (!value.empty() &&
        ((argv[i] == flag && i + 1 < argv.size() && argv[i + 1] == value) || argv[i] == flag + "=" + value)) {
      return true;
    }
  }
  return false;
}

std::string arg_value(const std::vector<std::string>& argv, const std::string& flag) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == flag && i + 1 < argv.size()) return argv[i + 1];
    if (starts_with(argv[i], flag + "=")) return argv[i].substr(flag.size() + 1);
  }
  return "";
}

// The lines whose purpose is to carry a secret to its destination.
bool is_destination_line(const std::string& line, const std::string& stream,
                         const std::vector<std::string>& argv) {
  const std::string lower = to_lower(line);
  if (starts_with(lower, "##vso[task.setsecret]") || starts_with(lower, "##vso[task.setvariable "))
    return true;
  if (starts_with(line, "::add-mask::")) return true;
  if (stream != "stdout") return false;
  // The credential provider's answer to cargo: {"Ok":{...,"kind":"get",...,"token":...}}.
  if (argv.size() > 1 && (argv[1] == "credential-provider" || argv[1] == "--cargo-plugin") &&
      starts_with(line, "{\"Ok\":{") && line.find("\"kind\":\"get\"") != std::string::npos) {
    return true;
  }
  if (has_arg(argv, "--emit", "shell") && starts_with(line, "export ")) return true;
  if (has_arg(argv, "--emit", "dotenv") && arg_value(argv, "--output").empty()) {
    // NAME='value' (single-quoted, literal) or NAME="value" when the value holds a '.
    auto eq = line.find("=\"");
    if (eq == std::string::npos) eq = line.find("='");
    if (eq != std::string::npos && eq > 0 && looks_like_variable_name(line.substr(0, eq))) return true;
  }
  if (has_arg(argv, "--emit", "json") && has_arg(argv, "--show-secrets") &&
      starts_with(trim(line), "\"value\":")) {
    return true;
  }
  return false;
}

std::string file_stamp(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  const auto time = fs::last_write_time(path, ec);
  return std::to_string(size) + "@" + std::to_string(time.time_since_epoch().count());
}

std::vector<std::pair<fs::path, std::string>> snapshot(const std::vector<fs::path>& roots) {
  std::vector<std::pair<fs::path, std::string>> files;
  for (const auto& root : roots) {
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code type_ec;
      if (it->is_regular_file(type_ec)) files.emplace_back(it->path(), file_stamp(it->path()));
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool is_under(const fs::path& path, const fs::path& dir) {
  const auto rel = path.lexically_normal().lexically_relative(dir.lexically_normal());
  return !rel.empty() && *rel.begin() != "..";
}

// A destination, or its staging copy while another run writes it atomically
// (".credentials.toml.tmp.XXXXXX" beside credentials.toml; seen by a
// concurrent run's scan, renamed or removed before its writer exits).
bool is_destination_file(const fs::path& path, const std::set<fs::path>& destinations) {
  if (destinations.count(path)) return true;
  for (const auto& destination : destinations) {
    if (path.parent_path() == destination.parent_path() &&
        starts_with(path.filename().string(), "." + destination.filename().string() + ".tmp.")) {
      return true;
    }
  }
  return false;
}

struct Summary {
  ~Summary() {
    const auto s = LeakGuard::instance().stats();
    if (s.runs == 0) return;
    std::fprintf(
        stderr,
        "LeakGuard: scanned %ld runs of cargo-authenticate (%ld output lines, %ld new or changed files): "
        "%ld leaks\n",
        s.runs, s.lines, s.files, s.leaks);
  }
};
Summary g_summary;

}  // namespace

bool is_secret_variable_name(const std::string& name) {
  const std::string n = to_upper(name);
  if (starts_with(n, "PLUGIN_") || starts_with(n, "INPUT_")) {
    // Settings hold variable NAMES (token: MY_VAR) more often than values;
    // their values are caught by the marker convention instead.
    return false;
  }
  if (starts_with(n, "SECRET_")) return true;
  for (const char* suffix : {"TOKEN", "PASSWORD", "APITOKEN", "ACCESSTOKEN", "APIKEY", "PAT"}) {
    if (ends_with(n, suffix)) return true;
  }
  return false;
}

LeakGuard& LeakGuard::instance() {
  static LeakGuard guard;
  return guard;
}

void LeakGuard::register_token(const std::string& token) {
  std::lock_guard lock(mutex_);
  registered_.insert(token);
}

void LeakGuard::allow_file(const fs::path& path) {
  std::lock_guard lock(mutex_);
  allowed_files_.insert(path.lexically_normal());
}

void LeakGuard::add_root(const fs::path& dir) {
  std::lock_guard lock(mutex_);
  roots_.insert(dir);
}

void LeakGuard::remove_root(const fs::path& dir) {
  std::lock_guard lock(mutex_);
  roots_.erase(dir);
}

LeakScanStats LeakGuard::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void LeakGuard::record(const LeakScanStats& delta) {
  std::lock_guard lock(mutex_);
  stats_.runs += delta.runs;
  stats_.lines += delta.lines;
  stats_.files += delta.files;
  stats_.leaks += delta.leaks;
}

std::vector<std::string> LeakGuard::tokens_for(const Env& env, const std::string& stdin_text) const {
  std::set<std::string> tokens;
  {
    std::lock_guard lock(mutex_);
    tokens = registered_;
  }
  for (const auto& [name, value] : env) {
    const std::string v = trim(value);
    if (!is_secret_variable_name(name) || v.size() < kShortestToken) continue;
    if (v == "true" || v == "false" || v == "True" || v == "False" || looks_like_variable_name(v)) continue;
    tokens.insert(v);
  }
  if (const std::string s = trim(stdin_text); s.size() >= kShortestToken) tokens.insert(s);
  return {tokens.begin(), tokens.end()};
}

std::vector<Leak> LeakGuard::scan_text(const std::string& text, const std::string& where,
                                       const std::vector<std::string>& tokens) const {
  // One leak per place: the first form found (tokens sharing a prefix would
  // otherwise report one line twice through their common base64 groups).
  for (const auto& token : tokens) {
    for (const auto& form : forms_of(token)) {
      if (text.find(form.text) != std::string::npos) return {{where, form.kind, form.text}};
    }
  }
  if (text.find(kMarker) != std::string::npos) return {{where, "marker", std::string(kMarker)}};
  return {};
}

std::vector<Leak> LeakGuard::scan_output(const std::string& text, const std::string& stream,
                                         const std::vector<std::string>& tokens,
                                         const std::vector<std::string>& argv) const {
  std::vector<Leak> leaks;
  const auto lines = lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (is_destination_line(lines[i], stream, argv)) continue;
    for (auto& leak : scan_text(lines[i], stream + " line " + std::to_string(i + 1), tokens)) {
      leak.line = lines[i];
      leaks.push_back(std::move(leak));
    }
  }
  return leaks;
}

LeakGuard::Run::Run(const std::vector<std::string>& argv, const Env& env, const std::string& stdin_text)
    : argv_(argv), env_(env) {
  LeakGuard& guard = instance();
  tokens_ = guard.tokens_for(env, stdin_text);
  std::set<fs::path> roots;
  {
    std::lock_guard lock(guard.mutex_);
    roots = guard.roots_;
  }
  // Places the run was told about, when they are outside every TempDir.
  const fs::path temp = fs::temp_directory_path();
  for (const char* name : {"CARGO_HOME", "AGENT_TEMPDIRECTORY", "RUNNER_TEMP", "CNB_BUILD_WORKSPACE"}) {
    auto it = env.find(name);
    if (it == env.end()) continue;
    const fs::path place = host_path_of_printed(it->second);
    if (is_under(place, temp)) roots.insert(place);
  }
  for (const auto& root : roots) {
    const bool nested = std::any_of(roots.begin(), roots.end(), [&](const fs::path& other) {
      return other != root && is_under(root, other);
    });
    if (!nested) roots_.push_back(root);
  }
  before_ = snapshot(roots_);
}

std::vector<Leak> LeakGuard::Run::finish(const ProcessResult& result) {
  LeakGuard& guard = instance();
  LeakScanStats delta;
  delta.runs = 1;
  std::vector<Leak> leaks = guard.scan_output(result.out, "stdout", tokens_, argv_);
  for (auto& leak : guard.scan_output(result.err, "stderr", tokens_, argv_)) leaks.push_back(std::move(leak));
  delta.lines = static_cast<long>(lines_of(result.out).size() + lines_of(result.err).size());

  // Intended destinations of a token.
  std::set<fs::path> destinations;
  {
    std::lock_guard lock(guard.mutex_);
    destinations = guard.allowed_files_;
  }
  // Paths as the tool was given them; a Windows build is given Z:\... forms
  // (support/printed_path.hpp).
  std::string cargo_home;
  if (auto it = env_.find("CARGO_HOME"); it != env_.end())
    cargo_home = host_path_of_printed(it->second);
  else if (auto home = env_.find("HOME"); home != env_.end())
    cargo_home = home->second + "/.cargo";
  if (!cargo_home.empty()) {
    destinations.insert(fs::path(cargo_home + "/credentials.toml").lexically_normal());
    destinations.insert(fs::path(cargo_home + "/credentials").lexically_normal());
  }
  if (auto it = env_.find("GITHUB_ENV"); it != env_.end())
    destinations.insert(fs::path(host_path_of_printed(it->second)).lexically_normal());
  if (const std::string output = arg_value(argv_, "--output"); !output.empty()) {
    destinations.insert(fs::path(host_path_of_printed(output)).lexically_normal());
  }

  const auto after = snapshot(roots_);
  for (const auto& [path, stamp] : after) {
    auto it = std::lower_bound(before_.begin(), before_.end(), std::make_pair(path, std::string()));
    const bool unchanged = it != before_.end() && it->first == path && it->second == stamp;
    if (unchanged || is_destination_file(path.lexically_normal(), destinations)) continue;
    std::error_code ec;
    if (fs::file_size(path, ec) > kLargestScannedFile) continue;
    ++delta.files;
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    for (auto& leak : guard.scan_text(content.str(), "file " + path.string(), tokens_))
      leaks.push_back(std::move(leak));
  }
  delta.leaks = static_cast<long>(leaks.size());
  guard.record(delta);
  if (!leaks.empty()) {
    // One failure per run (listing every leak), so tests can expect exactly one.
    std::string report = "LeakGuard: " + std::to_string(leaks.size()) + " token leak(s) in a run of:";
    for (const auto& a : argv_) report += " " + a;
    for (const auto& leak : leaks) report += "\n  " + leak.form + " form in " + leak.where + ": " + leak.line;
    ADD_FAILURE() << report;
  }
  return leaks;
}

}  // namespace ca::test
