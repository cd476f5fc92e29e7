#include "credentials/token_setting_source.hpp"

#include <algorithm>

namespace ca {

SourceAnswer TokenSettingSource::find(const Registry& registry) const {
  if (!registries_.empty() && std::none_of(registries_.begin(), registries_.end(),
                                           [&](const std::string& name) { return name == registry.name; })) {
    return SourceAnswer::not_applicable();
  }
  if (auto value = env_.non_empty(variable_)) {
    Credential credential{Secret(*value), label_};
    credential.provider_args = {"--token-variable", variable_};
    return SourceAnswer::found(std::move(credential));
  }
  return SourceAnswer::missing(
      label_ + " is empty (" + variable_ + "): give it the token, e.g. from a secret.", true);
}

}  // namespace ca
