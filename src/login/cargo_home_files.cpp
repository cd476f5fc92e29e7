#include "login/cargo_home_files.hpp"

#include <toml++/toml.h>

#include <sstream>
#include <system_error>

#include "config/cargo_home.hpp"
#include "config/registry_name.hpp"
#include "core/error.hpp"

namespace ca {
namespace {

constexpr std::string_view kCargoTokenProvider = "cargo:token";

toml::table parse(const std::string& text, const std::string& origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    throw Error(std::string(e.description()) +
                    " (fix or remove the file, then run login again; it was left unchanged)",
                ExitCode::kBadInput,
                SourceLocation{origin, static_cast<int>(begin.line), static_cast<int>(begin.column), {}});
  }
}

// The table at `key` in parent, created when missing; throws when the key holds something else.
toml::table& child_table(toml::table& parent, const std::string& key, const std::string& path,
                         const std::string& origin) {
  if (!parent.contains(key)) parent.insert(key, toml::table{});
  toml::table* table = parent.get_as<toml::table>(key);
  if (table == nullptr) {
    throw Error(path + " in " + origin + " is not a table; fix the file so cargo can read it.",
                ExitCode::kBadInput);
  }
  return *table;
}

std::string serialise(const toml::table& table) {
  std::ostringstream out;
  out << table << '\n';
  return out.str();
}

}  // namespace

std::filesystem::path credentials_file(const std::filesystem::path& cargo_home) {
  return cargo_file(cargo_home, "credentials").path;
}

std::filesystem::path cargo_home_config_file(const std::filesystem::path& cargo_home) {
  return cargo_file(cargo_home, "config").path;
}

std::string merge_credentials(const std::string& existing, const std::string& origin,
                              const std::vector<RegistryToken>& tokens) {
  toml::table root = parse(existing, origin);
  for (const auto& item : tokens) {
    toml::table* table = nullptr;
    if (item.registry == kCratesIoName) {
      table = &child_table(root, "registry", "[registry]", origin);
    } else {
      table = &child_table(child_table(root, "registries", "[registries]", origin), item.registry,
                           "[registries." + item.registry + "]", origin);
    }
    table->insert_or_assign("token", item.token.reveal());
  }
  return serialise(root);
}

ProviderMerge merge_credential_providers(const std::string& existing, const std::string& origin,
                                         const std::vector<ProviderEntry>& entries) {
  toml::table root = parse(existing, origin);
  ProviderMerge result;
  for (const auto& entry : entries) {
    toml::table& registries = child_table(root, "registries", "[registries]", origin);
    toml::table& table =
        child_table(registries, entry.registry, "[registries." + entry.registry + "]", origin);
    if (table.contains("credential-provider")) continue;  // the user's choice stands
    table.insert_or_assign("credential-provider", std::string(kCargoTokenProvider));
    if (!table.contains("index") && !entry.index.empty()) table.insert_or_assign("index", entry.index);
    result.added.push_back(entry.registry);
  }
  result.text = serialise(root);
  return result;
}

}  // namespace ca
