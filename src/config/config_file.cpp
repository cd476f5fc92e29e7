#include "config/config_file.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include "config/registry_name.hpp"
#include "config/registry_url_identity.hpp"
#include "config/source_replacement.hpp"
#include "config/toml_bounds.hpp"
#include "core/error.hpp"
#include "core/secret_registry.hpp"
#include "platform/files.hpp"
#include "util/strings.hpp"
#include "util/utf8_path.hpp"

namespace ca {
namespace fs = std::filesystem;
namespace {

SourceLocation location_of(const toml::node& node, const std::string& file) {
  const auto& begin = node.source().begin;
  return SourceLocation{file, static_cast<int>(begin.line), static_cast<int>(begin.column), {}};
}

std::vector<std::string> provider_list(const ConfigValue& value, const std::string& key) {
  // cargo accepts a string (split on spaces) or an array of strings.
  if (value.is_string()) return split_list(value.text, " \t");
  if (value.kind == ConfigValue::Kind::kArray) {
    std::vector<std::string> out;
    for (const auto& item : value.items) {
      if (!item.is_string()) throw Error(key + " must hold strings", ExitCode::kBadInput, item.where);
      out.push_back(item.text);
    }
    return out;
  }
  throw Error(key + " must be a string or an array of strings", ExitCode::kBadInput, value.where);
}

void read_stored_token(const ConfigValue& entry, Registry& registry) {
  if (const auto* token = entry.get("token");
      token != nullptr && token->is_string() && !token->text.empty()) {
    registry.stored_token = Secret(token->text);
    SecretRegistry::instance().adopt(*registry.stored_token);  // masked wherever it could surface
    registry.stored_token_at = token->where;
  }
}

void add_registry(const std::string& name, const ConfigValue& entry, CargoConfig& config) {
  if (auto problem = registry_name_problem(name)) {
    // cargo fails only when the registry is used, so an entry nothing can name is a warning.
    config.warnings.push_back({"invalid registry name '" + name + "': " + *problem +
                                   "; cargo cannot use this registry, so it is skipped. Rename it.",
                               entry.where});
    return;
  }
  if (!entry.is_table()) {
    throw Error("registry '" + name + "' must be a table like { index = \"sparse+https://...\" }",
                ExitCode::kBadInput, entry.where);
  }
  Registry registry;
  registry.name = name;
  if (const auto* provider = entry.get("credential-provider")) {
    registry.credential_provider = provider_list(*provider, "registries." + name + ".credential-provider");
    registry.credential_provider_at = provider->where;
  }
  read_stored_token(entry, registry);
  const ConfigValue* index = entry.get("index");
  if (name == kCratesIoName && index != nullptr) {
    // cargo ignores it: crates-io is index.crates.io unless source replacement says otherwise.
    config.warnings.push_back(
        {"registries.crates-io.index is ignored by cargo (crates-io always means "
         "https://index.crates.io/); use [source.crates-io] replace-with to redirect it",
         index->where});
    index = nullptr;
  }
  Registry* existing = config.find(name);
  if (index == nullptr) {
    // A deeper file may set only other keys of a registry defined elsewhere.
    if (existing != nullptr) {
      if (registry.stored_token) {
        existing->stored_token = registry.stored_token;
        existing->stored_token_at = registry.stored_token_at;
      }
      if (registry.credential_provider) {
        existing->credential_provider = registry.credential_provider;
        existing->credential_provider_at = registry.credential_provider_at;
      }
      return;
    }
    // crates-io's index is built in; [registries.crates-io] holds settings such as `protocol`.
    if (name == kCratesIoName) return;
    throw Error("registry '" + name + "' has no index; add index = \"sparse+https://.../\"",
                ExitCode::kBadInput, entry.where);
  }
  if (!index->is_string()) {
    throw Error("registries." + name + ".index must be a string", ExitCode::kBadInput, index->where);
  }
  try {
    registry.index = parse_index_url(index->text);
  } catch (const Error& e) {
    throw Error(std::string(e.what()), ExitCode::kBadInput, index->where);
  }
  if (registry.index.sparse && index->text.back() != '/') {
    throw Error("sparse registry url must end in a slash `/`: " + index->text +
                    " (cargo refuses it too); write " + index->text + "/",
                ExitCode::kBadInput, index->where);
  }
  // The registry is where its index (the value in effect) was written.
  registry.defined_at = index->where;
  read_stored_token(entry, registry);
  if (existing != nullptr && !registry.credential_provider) {
    registry.credential_provider = existing->credential_provider;
    registry.credential_provider_at = existing->credential_provider_at;
  }
  config.upsert(std::move(registry));
}

std::optional<std::string> optional_string(const ConfigValue& table, std::string_view key,
                                           const std::string& name) {
  const ConfigValue* value = table.get(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) throw Error(name + " must be a string", ExitCode::kBadInput, value->where);
  return value->text;
}

void add_source(const std::string& name, const ConfigValue& entry, CargoConfig& config) {
  if (!entry.is_table()) throw Error("source." + name + " must be a table", ExitCode::kBadInput, entry.where);
  SourceEntry source;
  source.name = name;
  source.defined_at = entry.where;
  source.registry = optional_string(entry, "registry", "source." + name + ".registry");
  source.replace_with = optional_string(entry, "replace-with", "source." + name + ".replace-with");
  static constexpr std::string_view kLocations[] = {"registry", "local-registry", "directory", "git"};
  const bool has_location = std::any_of(std::begin(kLocations), std::end(kLocations),
                                        [&](auto key) { return entry.get(key) != nullptr; });
  if (source.replace_with && !has_location && name != kCratesIoName) {
    // cargo refuses it as soon as it builds its source map, whether or not the source is used.
    throw Error("no source location specified for `source." + name +
                    "`, need `registry`, `local-registry`, `directory`, or `git` defined (cargo refuses "
                    "a replace-with without one)",
                ExitCode::kBadInput, entry.where);
  }
  for (auto& existing : config.sources) {
    if (existing.name == name) {
      existing = std::move(source);
      return;
    }
  }
  config.sources.push_back(std::move(source));
}

struct IncludeEntry {
  fs::path path;
  bool optional = false;
  SourceLocation where;
};

// cargo 1.95: `include` is an array of paths or of { path = "...", optional = bool }
// tables; a plain string is rejected; each path must end in ".toml".
std::vector<IncludeEntry> include_entries(const toml::table& table, const fs::path& file) {
  const toml::node* node = table.get("include");
  if (node == nullptr) return {};
  const std::string name = path_text(file);
  if (auto text = node->value<std::string>()) {
    throw Error("`include` must be an array: write include = [\"" + *text +
                    "\"] (cargo rejects a plain string there)",
                ExitCode::kBadInput, location_of(*node, name));
  }
  const auto* array = node->as_array();
  if (array == nullptr) {
    throw Error("`include` must be an array of paths or of { path = \"...\", optional = true } tables",
                ExitCode::kBadInput, location_of(*node, name));
  }
  std::vector<IncludeEntry> out;
  for (const auto& item : *array) {
    IncludeEntry entry;
    entry.where = location_of(item, name);
    std::optional<std::string> path = item.value<std::string>();
    if (const auto* t = item.as_table()) {
      if (const auto* p = t->get("path")) path = p->value<std::string>();
      if (const auto* o = t->get("optional")) {
        if (!o->is_boolean()) {
          throw Error("`optional` in an `include` entry must be true or false (cargo refuses other values)",
                      ExitCode::kBadInput, location_of(*o, name));
        }
        entry.optional = *o->value<bool>();
      }
    }
    if (!path || path->empty()) {
      throw Error("each `include` entry must be a path or a { path = \"...\" } table", ExitCode::kBadInput,
                  entry.where);
    }
    if (path->size() < 5 || path->substr(path->size() - 5) != ".toml") {
      throw Error("config include path `" + *path + "` must end with `.toml` (cargo's rule)",
                  ExitCode::kBadInput, entry.where);
    }
    if (path->find_first_of("*?[]{}") != std::string::npos) {
      throw Error("config include path `" + *path +
                      "` has glob characters, which cargo refuses; name each file to include",
                  ExitCode::kBadInput, entry.where);
    }
    if (names_network_or_device_path(*path)) {
      // cargo would read it from that machine; judging registries without it
      // (or reading it here too, authenticating there) is no option.
      throw Error("config include path `" + *path +
                      "` names a network share or a device (\\\\server\\share, \\\\.\\...), which cargo "
                      "would read from another machine; copy the file into the repository and include it "
                      "from there",
                  ExitCode::kBadInput, entry.where);
    }
    const fs::path named = utf8_path(*path);
    entry.path = named.is_absolute() ? named : file.parent_path() / named;
    out.push_back(std::move(entry));
  }
  return out;
}

// cargo compares include paths as Rust's Path does: "." components and repeated
// separators do not count, but ".." and symlinks are not resolved.
fs::path lexical_key(const fs::path& path) {
  std::error_code ec;
  fs::path out;
  for (const auto& part : fs::absolute(path, ec)) {
    if (part == "." || part.empty()) continue;
    out /= part;
  }
  return out;
}

// Bounds include chains that cargo's rule alone would not end (a.toml including
// "x/../a.toml", a symlink loop): a file may not include itself through any chain.
constexpr std::size_t kMaxIncludeDepth = 64;

ConfigValue load_tree(const fs::path& path, std::set<fs::path>& seen, std::vector<fs::path>& chain,
                      std::vector<std::string>* files_read, const SourceLocation& included_from) {
  std::error_code ec;
  if (!seen.insert(lexical_key(path)).second) {
    // cargo never forgets a file it loaded for one top-level file, so a file
    // reached twice by the same spelling (a cycle or a diamond) is rejected there as well.
    throw Error("config `include` cycle: " + path_text(path) + " is included again from " +
                    included_from.str() +
                    " (cargo rejects a file included twice). Remove one of the includes.",
                ExitCode::kBadInput, included_from);
  }
  fs::path canonical = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) canonical = path;
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end() || chain.size() >= kMaxIncludeDepth) {
    throw Error("config `include` cycle: " + path_text(path) +
                    " includes itself (through a symlink or `..`) from " + included_from.str() +
                    ". Remove the include.",
                ExitCode::kBadInput, included_from);
  }
  chain.push_back(canonical);
  toml::table table = parse_toml_file(path);
  const auto includes = include_entries(table, path);
  ConfigValue root = ConfigValue::table(SourceLocation{path_text(path), 0, 0, {}});
  for (const auto& include : includes) {
    if (!fs::exists(include.path, ec)) {
      if (include.optional) continue;
      throw Error("config include " + path_text(include.path) + " does not exist. Fix the path (relative to " +
                      path_text(path) + ") or write { path = \"...\", optional = true }.",
                  ExitCode::kBadInput, include.where);
    }
    merge_config(root, load_tree(include.path, seen, chain, files_read, include.where), true);
  }
  table.erase("include");
  ConfigValue own = config_value_from_toml(table, path_text(path));
  table = toml::table{};  // free the TOML tree before merging: halves peak memory on huge configs
  merge_config(root, std::move(own), true);
  if (files_read != nullptr) files_read->push_back(path_text(path));
  chain.pop_back();
  return root;
}

}  // namespace

toml::table parse_toml_file(const fs::path& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    throw Error("config file not found: " + path_text(path) +
                ". Set configFile (or --config) to the path of your .cargo/config.toml.");
  }
  if (fs::is_directory(status)) {
    throw Error("config file " + path_text(path) +
                " is a directory. Set configFile (or --config) to the .cargo/config.toml file itself.");
  }
  if (!fs::is_regular_file(status)) {
    // A device (/dev/zero), FIFO or socket never ends or blocks: refuse it before opening.
    throw Error("config file " + path_text(path) +
                    " is not a regular file (a device, FIFO or socket). Point it at " + "a real .toml file.",
                ExitCode::kBadInput);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read config file " + path_text(path) + ": permission denied or I/O error.");
  // Read in chunks up to one byte past the bound: a 16 MiB buffer per file cost
  // more than parsing a typical configuration (and most of fuzz_config's time).
  std::string text;
  std::string chunk(64 * 1024, '\0');
  while (text.size() <= kMaxConfigFileBytes && in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    text.append(chunk, 0, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw Error("cannot read config file " + path_text(path) + ": I/O error.");
  if (text.size() > kMaxConfigFileBytes) {
    throw Error("config file " + path_text(path) + " is larger than " +
                    std::to_string(kMaxConfigFileBytes / (1024 * 1024)) +
                    " MiB; a cargo configuration is far smaller. Check the path.",
                ExitCode::kBadInput);
  }
  const TomlTextCheck check = check_toml_text(text);
  if (const auto& deep = check.too_deep) {
    throw Error("config nests tables, arrays or dotted keys more than " + std::to_string(kMaxTomlNesting) +
                    " levels deep; a cargo configuration needs a few. Flatten it.",
                ExitCode::kBadInput, SourceLocation{path_text(path), deep->line, deep->column, {}});
  }
  if (const auto& misplaced = check.misplaced) {
    throw Error(misplaced_character_message(*misplaced), ExitCode::kBadInput,
                SourceLocation{path_text(path), misplaced->at.line, misplaced->at.column, {}});
  }
  try {
    return toml::parse(check.parser_text, path_text(path));
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    throw Error(
        "malformed TOML: " + std::string(e.description()), ExitCode::kBadInput,
        SourceLocation{path_text(path), static_cast<int>(begin.line), static_cast<int>(begin.column), {}});
  }
}

ConfigValue load_config_tree(const fs::path& path, std::vector<std::string>* files_read) {
  std::set<fs::path> seen;
  std::vector<fs::path> chain;
  return load_tree(path, seen, chain, files_read, SourceLocation{path_text(path), 0, 0, {}});
}

// cargo (util/auth): a provider written without arguments whose name is a
// [credential-alias] key runs the alias's program and arguments instead.
static void resolve_credential_aliases(CargoConfig& config) {
  if (config.credential_aliases.empty()) return;
  const auto alias = [&](const std::string& name) -> const std::vector<std::string>* {
    auto it = config.credential_aliases.find(name);
    return it == config.credential_aliases.end() ? nullptr : &it->second;
  };
  for (auto& registry : config.registries) {
    if (!registry.credential_provider || registry.credential_provider->size() != 1) continue;
    if (const auto* words = alias(registry.credential_provider->front()))
      registry.credential_provider = *words;
  }
  if (config.global_credential_providers) {
    for (auto& provider : *config.global_credential_providers) {
      if (provider.find_first_of(" \t") != std::string::npos) continue;
      if (const auto* words = alias(provider)) provider = join(*words, " ");
    }
  }
}

void collect_config(const ConfigValue& root, CargoConfig& config) {
  if (const auto* aliases = root.get("credential-alias"); aliases != nullptr && aliases->is_table()) {
    for (const auto& [name, value] : aliases->entries) {
      config.credential_aliases[name] = provider_list(value, "credential-alias." + name);
    }
  }
  if (const auto* registries = root.get("registries")) {
    if (!registries->is_table())
      throw Error("[registries] must be a table", ExitCode::kBadInput, registries->where);
    for (const auto& [name, entry] : registries->entries) add_registry(name, entry, config);
  }
  if (const auto* registry = root.get("registry"); registry != nullptr && registry->is_table()) {
    if (const auto* index = registry->get("index")) {
      throw Error(
          "the `registry.index` config value is no longer supported (cargo refuses it); define the "
          "registry under [registries.<name>] index = \"...\" instead",
          ExitCode::kBadInput, index->where);
    }
    if (auto name = optional_string(*registry, "default", "registry.default"))
      config.default_registry = *name;
    if (const auto* global = registry->get("global-credential-providers")) {
      config.global_credential_providers = provider_list(*global, "registry.global-credential-providers");
      config.global_credential_providers_at = global->where;
    }
  }
  if (const auto* http = root.get("http"); http != nullptr && http->is_table()) {
    if (auto proxy = optional_string(*http, "proxy", "http.proxy"); proxy && !trim(*proxy).empty()) {
      config.http_proxy = *proxy;
      config.http_proxy_at = http->get("proxy")->where;
    }
  }
  if (const auto* sources = root.get("source")) {
    if (!sources->is_table()) throw Error("[source] must be a table", ExitCode::kBadInput, sources->where);
    for (const auto& [name, entry] : sources->entries) add_source(name, entry, config);
  }
  resolve_credential_aliases(config);
}

void collect_registries(const toml::table& table, const std::string& file, CargoConfig& config) {
  collect_config(config_value_from_toml(table, file), config);
}

void validate_registries(CargoConfig& config) {
  std::map<std::string, const Registry*> by_variable;
  for (const auto& registry : config.registries) {
    const std::string variable = registry.token_variable();
    auto [it, inserted] = by_variable.emplace(variable, &registry);
    if (!inserted) {
      config.warnings.push_back({"registries '" + it->second->name + "' (" + it->second->defined_at.str() +
                                     ") and '" + registry.name + "' both read " + variable +
                                     " (cargo accepts both names): they can only share one token.",
                                 registry.defined_at});
    }
  }
}

CargoConfig load_config_file(const fs::path& path) {
  CargoConfig config;
  const ConfigValue root = load_config_tree(path, &config.files);
  collect_config(root, config);
  analyze_sources(config);
  validate_registries(config);
  refuse_shared_index_urls(config);
  return config;
}

}  // namespace ca
