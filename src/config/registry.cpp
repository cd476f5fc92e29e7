#include "config/registry.hpp"

#include "config/registry_name.hpp"

namespace ca {

bool Registry::is_crates_io() const { return name == kCratesIoName; }
std::string Registry::token_variable() const { return token_variable_for(name); }
std::string Registry::credential_provider_variable() const { return credential_provider_variable_for(name); }

const Registry* CargoConfig::find(std::string_view name) const {
  auto it = position_by_name_.find(std::string(name));
  return it == position_by_name_.end() ? nullptr : &registries[it->second];
}

Registry* CargoConfig::find(std::string_view name) {
  auto it = position_by_name_.find(std::string(name));
  return it == position_by_name_.end() ? nullptr : &registries[it->second];
}

Registry& CargoConfig::upsert(Registry registry) {
  auto [it, inserted] = position_by_name_.emplace(registry.name, registries.size());
  if (inserted) return registries.emplace_back(std::move(registry));
  return registries[it->second] = std::move(registry);
}

}  // namespace ca
