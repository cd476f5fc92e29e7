#include "config/config_env.hpp"

#include <map>

#include "config/registry_name.hpp"
#include "config/unicode_text.hpp"
#include "core/error.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {

constexpr std::string_view kPrefix = "CARGO_REGISTRIES_";

struct RegistryKey {
  std::string stem;
  std::string key;  // "index" or "credential-provider"
};

std::optional<RegistryKey> registry_key(std::string_view variable) {
  if (variable.size() <= kPrefix.size() || variable.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  const std::string_view rest = variable.substr(kPrefix.size());
  for (const auto& [suffix, key] : {std::pair<std::string_view, std::string_view>{"_INDEX", "index"},
                                    {"_CREDENTIAL_PROVIDER", "credential-provider"}}) {
    if (rest.size() > suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix) {
      return RegistryKey{std::string(rest.substr(0, rest.size() - suffix.size())), std::string(key)};
    }
  }
  return std::nullopt;
}

SourceLocation from_environment(const std::string& variable) {
  return SourceLocation{{}, 0, 0, "environment " + variable};
}

void add_names(const ConfigValue* tree, std::map<std::string, std::string>& name_by_stem) {
  if (tree == nullptr) return;
  if (const auto* registries = tree->get("registries"); registries != nullptr && registries->is_table()) {
    for (const auto& [name, entry] : registries->entries) name_by_stem.emplace(registry_env_stem(name), name);
  }
}

}  // namespace

void apply_environment(ConfigValue& root, const Environment& env, std::vector<ConfigWarning>* warnings,
                       const ConfigValue* names_from) {
  // Stems of the registries the files define, so MY_REG reaches `my-reg`.
  std::map<std::string, std::string> name_by_stem;
  add_names(&root, name_by_stem);
  add_names(names_from, name_by_stem);
  // Indexes first: a credential provider alone (for example one this tool
  // exported in an earlier step) does not define a registry.
  for (const std::string_view pass : {"index", "credential-provider"}) {
    for (const auto& [variable, value] : env.all()) {
      const auto key = registry_key(variable);
      if (!key || key->key != pass) continue;
      if (to_upper_unicode(key->stem) != key->stem) {
        // cargo looks variables up by their exact upper-case name and warns about the rest.
        if (warnings != nullptr && pass == "index") {
          warnings->push_back({"environment variable " + variable +
                                   " is ignored: cargo only reads upper-case variable names (write " +
                                   std::string(kPrefix) + to_upper_unicode(key->stem) + "_INDEX)",
                               from_environment(variable)});
        }
        continue;
      }
      if (key->stem == "CRATES_IO") continue;  // crates.io's index cannot be replaced this way
      auto it = name_by_stem.find(key->stem);
      if (value.empty()) {
        if (it != name_by_stem.end() && pass == "index") {
          throw Error("invalid index URL for registry `" + it->second +
                          "` defined in environment variable `" + variable +
                          "`: it is empty (cargo refuses it too). Unset the variable or set a URL.",
                      ExitCode::kBadInput, from_environment(variable));
        }
        continue;
      }
      if (it == name_by_stem.end()) {
        if (pass != "index") continue;
        const std::string name = to_lower(key->stem);
        if (registry_name_problem(name)) continue;
        it = name_by_stem.emplace(key->stem, name).first;
      }
      set_config_value(root, {"registries", it->second, key->key},
                       ConfigValue::string(value, from_environment(variable)));
    }
  }
  // cargo's configuration variables: their exact names only, as cargo reads
  // them on every system (a `cargo_registry_default` is ignored on Windows too).
  if (auto value = env.exact_non_empty("CARGO_HTTP_PROXY")) {
    set_config_value(root, {"http", "proxy"},
                     ConfigValue::string(*value, from_environment("CARGO_HTTP_PROXY")));
  }
  if (auto value = env.exact_non_empty("CARGO_REGISTRY_DEFAULT")) {
    set_config_value(root, {"registry", "default"},
                     ConfigValue::string(*value, from_environment("CARGO_REGISTRY_DEFAULT")));
  }
  if (auto value = env.exact_non_empty("CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS")) {
    const SourceLocation where = from_environment("CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS");
    if (const auto* registry = root.get("registry")) {
      if (const auto* files = registry->get("global-credential-providers");
          files != nullptr && files->kind == ConfigValue::Kind::kArray) {
        // cargo joins an environment list to the files' list (after it, so tried first).
        ConfigValue merged = *files;
        for (const auto& item : split_list(*value, " \t"))
          merged.items.push_back(ConfigValue::string(item, where));
        set_config_value(root, {"registry", "global-credential-providers"}, std::move(merged));
        return;
      }
    }
    // A whitespace-separated list; provider_list() splits strings on spaces.
    set_config_value(
        root, {"registry", "global-credential-providers"},
        ConfigValue::string(*value, from_environment("CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS")));
  }
}

}  // namespace ca
