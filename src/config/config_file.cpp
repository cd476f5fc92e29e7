#include "config/config_file.hpp"

#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "config/registry_name.hpp"
#include "core/error.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {

SourceLocation location_of(const toml::node& node, const std::string& file) {
  const auto& begin = node.source().begin;
  return SourceLocation{file, static_cast<int>(begin.line), static_cast<int>(begin.column), {}};
}

std::vector<std::string> provider_list(const toml::node& node, const std::string& file,
                                       const std::string& key) {
  // cargo accepts a string (split on spaces) or an array of strings.
  if (auto text = node.value<std::string>()) return split_list(*text, " \t");
  if (const auto* array = node.as_array()) {
    std::vector<std::string> out;
    for (const auto& item : *array) {
      auto text = item.value<std::string>();
      if (!text) throw Error(key + " must hold strings", ExitCode::kBadInput, location_of(item, file));
      out.push_back(*text);
    }
    return out;
  }
  throw Error(key + " must be a string or an array of strings", ExitCode::kBadInput,
              location_of(node, file));
}

void add_registry(const std::string& name, const toml::node& node, const std::string& file,
                  CargoConfig& config) {
  const SourceLocation where = location_of(node, file);
  if (auto problem = registry_name_problem(name)) {
    throw Error("invalid registry name '" + name + "': " + *problem, ExitCode::kBadInput, where);
  }
  const auto* table = node.as_table();
  if (table == nullptr) {
    throw Error("registry '" + name + "' must be a table like { index = \"sparse+https://...\" }",
                ExitCode::kBadInput, where);
  }
  Registry registry;
  registry.name = name;
  registry.defined_at = where;
  if (const auto* provider = table->get("credential-provider")) {
    registry.credential_provider = provider_list(*provider, file, "registries." + name + ".credential-provider");
  }
  const toml::node* index = table->get("index");
  Registry* existing = nullptr;
  for (auto& r : config.registries) {
    if (r.name == name) existing = &r;
  }
  if (index == nullptr) {
    // A deeper file may set only other keys of a registry defined elsewhere.
    if (existing != nullptr) {
      if (registry.credential_provider) existing->credential_provider = registry.credential_provider;
      return;
    }
    throw Error("registry '" + name + "' has no index; add index = \"sparse+https://.../\"",
                ExitCode::kBadInput, where);
  }
  auto url = index->value<std::string>();
  if (!url) throw Error("registries." + name + ".index must be a string", ExitCode::kBadInput, location_of(*index, file));
  try {
    registry.index = parse_index_url(*url);
  } catch (const Error& e) {
    throw Error(std::string(e.what()), ExitCode::kBadInput, location_of(*index, file));
  }
  if (existing != nullptr) {
    if (!registry.credential_provider) registry.credential_provider = existing->credential_provider;
    *existing = std::move(registry);
  } else {
    config.registries.push_back(std::move(registry));
  }
}

}  // namespace

toml::table parse_toml_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw Error("config file not found: " + path.string() +
                ". Set configFile (or --config) to the path of your .cargo/config.toml.");
  }
  if (std::filesystem::is_directory(status)) {
    throw Error("config file " + path.string() +
                " is a directory. Set configFile (or --config) to the .cargo/config.toml file itself.");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read config file " + path.string() + ": permission denied or I/O error.");
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error("cannot read config file " + path.string() + ": I/O error.");
  try {
    return toml::parse(buffer.str(), path.string());
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    throw Error("malformed TOML: " + std::string(e.description()), ExitCode::kBadInput,
                SourceLocation{path.string(), static_cast<int>(begin.line), static_cast<int>(begin.column), {}});
  }
}

void collect_registries(const toml::table& table, const std::string& file, CargoConfig& config) {
  if (const auto* registries = table.get("registries")) {
    const auto* entries = registries->as_table();
    if (entries == nullptr) {
      throw Error("[registries] must be a table", ExitCode::kBadInput, location_of(*registries, file));
    }
    for (const auto& [key, node] : *entries) add_registry(std::string(key.str()), node, file, config);
  }
  if (const auto* registry = table.get("registry"); registry != nullptr && registry->is_table()) {
    const auto& reg = *registry->as_table();
    if (const auto* def = reg.get("default")) {
      auto name = def->value<std::string>();
      if (!name) throw Error("registry.default must be a string", ExitCode::kBadInput, location_of(*def, file));
      config.default_registry = *name;
    }
    if (const auto* global = reg.get("global-credential-providers")) {
      config.global_credential_providers =
          provider_list(*global, file, "registry.global-credential-providers");
    }
  }
}

void validate_registries(const CargoConfig& config) {
  std::map<std::string, const Registry*> by_variable;
  for (const auto& registry : config.registries) {
    const std::string variable = registry.token_variable();
    auto [it, inserted] = by_variable.emplace(variable, &registry);
    if (!inserted) {
      throw Error("registries '" + it->second->name + "' (" + it->second->defined_at.str() + ") and '" +
                      registry.name + "' both map to " + variable +
                      "; cargo cannot tell their tokens apart. Rename one of them.",
                  ExitCode::kBadInput, registry.defined_at);
    }
  }
}

CargoConfig load_config_file(const std::filesystem::path& path) {
  CargoConfig config;
  const std::string file = path.string();
  const toml::table table = parse_toml_file(path);
  collect_registries(table, file, config);
  config.files.push_back(file);
  validate_registries(config);
  return config;
}

}  // namespace ca
