#include "config/config_loader.hpp"

#include <system_error>

#include "config/cargo_home.hpp"
#include "config/config_env.hpp"
#include "config/config_file.hpp"
#include "config/registry_url_identity.hpp"
#include "config/source_replacement.hpp"
#include "config/toml_bounds.hpp"
#include "core/error.hpp"
#include "util/utf8_path.hpp"

namespace ca {
namespace fs = std::filesystem;

namespace {

std::optional<fs::path> config_in(const fs::path& dir, std::vector<ConfigWarning>* warnings) {
  const CargoFileChoice choice = cargo_file(dir, "config");  // the rule `login` writes by too
  if (choice.shadows_toml && warnings != nullptr) {
    // cargo prefers the legacy name when both exist, and warns the same way.
    warnings->push_back({"both " + path_text(choice.path) + " and " + path_text(choice.ignored) +
                             " exist; cargo uses " + path_text(choice.path) +
                             " and ignores config.toml. Merge them into config.toml and "
                             "delete config.",
                         SourceLocation{path_text(choice.path), 0, 0, {}}});
  }
  if (choice.exists) return choice.path;
  return std::nullopt;
}

fs::path cargo_home(const Environment& env) { return cargo_home_dir(env); }

// cargo reads `[registries.<name>] token` (crates.io: `[registry] token`) from
// $CARGO_HOME/credentials (legacy, when it exists) or credentials.toml, over the
// config files' values. Only tokens of registries the configuration defines are
// taken: a credentials entry alone does not define a registry.
void merge_stored_tokens(ConfigValue& root, const Environment& env) {
  const fs::path home = cargo_home(env);
  if (home.empty()) return;
  std::error_code ec;
  fs::path file = home / "credentials";
  if (!fs::exists(file, ec)) file = home / "credentials.toml";
  if (!fs::exists(file, ec)) return;
  const ConfigValue credentials = config_value_from_toml(parse_toml_file(file), path_text(file));
  auto copy_token = [&](const ConfigValue* from, const std::vector<std::string>& path) {
    if (from == nullptr || from->get("token") == nullptr) return;
    set_config_value(root, path, *from->get("token"));
  };
  if (const auto* registries = root.get("registries"); registries != nullptr && registries->is_table()) {
    for (const auto& [name, entry] : registries->entries) {
      if (!entry.is_table()) continue;
      copy_token(credentials.find({"registries", name}), {"registries", name, "token"});
    }
  }
  if (root.find({"registries", "crates-io"}) != nullptr) {
    copy_token(credentials.get("registry"), {"registries", "crates-io", "token"});
  }
}

// cargo's `--config` takes a file when the path exists, else one dotted
// `key = value` (`registries.x.index="..."`), a TOML document of exactly one value.
ConfigValue load_explicit_config(const fs::path& argument, std::vector<std::string>* files_read) {
  std::error_code ec;
  const std::string text = path_text(argument);
  if (fs::exists(argument, ec) || text.find('=') == std::string::npos)
    return load_config_tree(argument, files_read);
  const TomlTextCheck check = text.size() > 64 * 1024 ? TomlTextCheck{} : check_toml_text(text);
  if (text.size() > 64 * 1024 || check.too_deep) {
    throw Error("--config " + text.substr(0, 80) + "...: too long or too deeply nested for one key = value");
  }
  if (const auto& misplaced = check.misplaced) {
    throw Error("--config `" + text + "`: " + misplaced_character_message(*misplaced) + " (at column " +
                std::to_string(misplaced->at.column) + ")");
  }
  toml::table table;
  try {
    table = toml::parse(check.parser_text, std::string_view("--config"));
  } catch (const toml::parse_error& e) {
    throw Error("--config `" + text + "` is neither an existing file nor a `key = value` TOML line: " +
                std::string(e.description()));
  }
  // Exactly one value at the end of a chain of one-key tables, as cargo requires.
  const toml::table* node = &table;
  while (node->size() == 1 && node->begin()->second.is_table()) node = node->begin()->second.as_table();
  if (node->size() != 1 || node->begin()->second.is_table()) {
    throw Error("--config `" + text +
                "` must set exactly one value, like registries.my-feed.index = \"...\"");
  }
  return config_value_from_toml(table, "--config " + text);
}

}  // namespace

std::vector<fs::path> discover_config_files(const fs::path& start, const Environment& env,
                                            std::vector<ConfigWarning>* warnings) {
  std::vector<fs::path> deepest_first;
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(start, ec), ec);
  const fs::path home = cargo_home(env);
  const fs::path canonical_home = home.empty() ? fs::path() : fs::weakly_canonical(home, ec);
  bool home_read = false;
  while (true) {
    // cargo reads $CARGO_HOME's file where the walk meets it (an ancestor's .cargo), else last.
    const bool is_home =
        !canonical_home.empty() && fs::weakly_canonical(dir / ".cargo", ec) == canonical_home;
    if (auto file = config_in(dir / ".cargo", warnings)) deepest_first.push_back(*file);
    home_read = home_read || is_home;
    if (!dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  if (!home.empty() && !home_read) {
    if (auto file = config_in(home, warnings)) deepest_first.push_back(*file);
  }
  return {deepest_first.rbegin(), deepest_first.rend()};
}

CargoConfig load_cargo_config(const Options& options, const Environment& env) {
  CargoConfig config;
  ConfigValue root = ConfigValue::table({});
  std::vector<std::string> files_read;
  if (options.config_files.empty() || options.discover) {
    const fs::path start = options.working_directory.empty() ? fs::current_path() : options.working_directory;
    const auto discovered = discover_config_files(start, env, &config.warnings);
    // cargo merges the deepest file first and lets values already present win,
    // so arrays list the deeper file's items first.
    std::vector<std::vector<std::string>> read_per_file(discovered.size());
    for (std::size_t i = discovered.size(); i-- > 0;) {
      merge_config(root, load_config_tree(discovered[i], &read_per_file[i]), false);
    }
    for (const auto& read : read_per_file) files_read.insert(files_read.end(), read.begin(), read.end());
  }
  merge_stored_tokens(root, env);
  // Files given explicitly are cargo's `--config FILE`: they beat the environment.
  ConfigValue explicit_files = ConfigValue::table({});
  for (const auto& file : options.config_files) {
    merge_config(explicit_files, load_explicit_config(file, &files_read), true);
  }
  apply_environment(root, env, &config.warnings, &explicit_files);
  merge_config(root, std::move(explicit_files), true);
  collect_config(root, config);
  config.files = std::move(files_read);
  analyze_sources(config);
  validate_registries(config);
  refuse_shared_index_urls(config);
  return config;
}

}  // namespace ca
