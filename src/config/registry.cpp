#include "config/registry.hpp"

#include "config/registry_name.hpp"

namespace ca {

bool Registry::is_crates_io() const { return name == kCratesIoName; }
std::string Registry::token_variable() const { return token_variable_for(name); }
std::string Registry::credential_provider_variable() const {
  return credential_provider_variable_for(name);
}

const Registry* CargoConfig::find(std::string_view name) const {
  for (const auto& registry : registries) {
    if (registry.name == name) return &registry;
  }
  return nullptr;
}

}  // namespace ca
