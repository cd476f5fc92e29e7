#include "credentials/token_setting_source.hpp"

#include <algorithm>

namespace ca {

SourceAnswer TokenSettingSource::find(const Registry& registry) const {
  if (!registries_.empty() && std::none_of(registries_.begin(), registries_.end(),
                                           [&](const std::string& name) { return name == registry.name; })) {
    return SourceAnswer::not_applicable();
  }
  if (auto value = env_.non_empty(variable_)) return SourceAnswer::found(Credential{Secret(*value), label_});
  return SourceAnswer::missing(
      label_ + " is empty (" + variable_ + "): give it the token, e.g. from a secret.", true);
}

}  // namespace ca
