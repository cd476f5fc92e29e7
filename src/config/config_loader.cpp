#include "config/config_loader.hpp"

#include <system_error>

#include "config/config_file.hpp"
#include "core/error.hpp"

namespace ca {
namespace fs = std::filesystem;

namespace {

std::optional<fs::path> config_in(const fs::path& dir) {
  std::error_code ec;
  // cargo prefers the legacy name when both exist (and warns).
  for (const char* name : {"config", "config.toml"}) {
    const fs::path candidate = dir / name;
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

fs::path cargo_home(const Environment& env) {
  if (auto home = env.non_empty("CARGO_HOME")) return fs::path(*home);
  if (auto home = env.non_empty("HOME")) return fs::path(*home) / ".cargo";
  return {};
}

}  // namespace

std::vector<fs::path> discover_config_files(const fs::path& start, const Environment& env) {
  std::vector<fs::path> deepest_first;
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(start, ec), ec);
  const fs::path home = cargo_home(env);
  while (true) {
    if (auto file = config_in(dir / ".cargo")) {
      // $CARGO_HOME/config.toml is read once, at the end.
      if (home.empty() || fs::weakly_canonical(dir / ".cargo", ec) != fs::weakly_canonical(home, ec)) {
        deepest_first.push_back(*file);
      }
    }
    if (!dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  if (!home.empty()) {
    if (auto file = config_in(home)) deepest_first.push_back(*file);
  }
  return {deepest_first.rbegin(), deepest_first.rend()};
}

CargoConfig load_cargo_config(const Options& options, const Environment& env) {
  std::vector<fs::path> files = options.config_files;
  if (files.empty() || options.discover) {
    const fs::path start = options.working_directory.empty() ? fs::current_path() : options.working_directory;
    auto discovered = discover_config_files(start, env);
    files.insert(files.begin(), discovered.begin(), discovered.end());
  }
  CargoConfig config;
  for (const auto& file : files) {
    const toml::table table = parse_toml_file(file);
    collect_registries(table, file.string(), config);
    config.files.push_back(file.string());
  }
  validate_registries(config);
  return config;
}

}  // namespace ca
