#include "config/credential_provider_analysis.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace ca {
namespace {

constexpr std::string_view kCargoToken = "cargo:token";

std::string first_word(const std::string& provider) {
  const auto space = provider.find_first_of(" \t");
  return space == std::string::npos ? provider : provider.substr(0, space);
}

}  // namespace

std::string ProviderSetting::describe() const {
  std::string text = join(providers, ", ");
  text += " (" + origin;
  if (!where.empty()) text += " at " + where.str();
  return text + ")";
}

ProviderSetting provider_in_effect(const Registry& registry, const CargoConfig& config) {
  ProviderSetting setting;
  if (registry.credential_provider && !registry.credential_provider->empty()) {
    // One provider and its arguments.
    setting.providers = {join(*registry.credential_provider, " ")};
    setting.where = registry.credential_provider_at;
    setting.origin = registry.is_crates_io() ? "registry.credential-provider"
                                             : "registries." + registry.name + ".credential-provider";
    setting.configured = true;
  } else if (config.global_credential_providers && !config.global_credential_providers->empty()) {
    // Tried last entry first: list them in the order cargo tries them.
    setting.providers.assign(config.global_credential_providers->rbegin(),
                             config.global_credential_providers->rend());
    setting.where = config.global_credential_providers_at;
    setting.origin = "registry.global-credential-providers";
    setting.configured = true;
  } else {
    setting.providers = {std::string(kCargoToken)};
    setting.origin = "cargo default";
  }
  setting.reads_token_variable =
      std::any_of(setting.providers.begin(), setting.providers.end(),
                  [](const std::string& p) { return first_word(p) == kCargoToken; });
  setting.token_variable_first = first_word(setting.providers.front()) == kCargoToken;
  return setting;
}

std::optional<std::string> provider_override_note(const Registry& registry, const CargoConfig& config) {
  const ProviderSetting setting = provider_in_effect(registry, config);
  if (!setting.configured) return std::nullopt;
  if (setting.providers.size() == 1 && setting.providers.front() == kCargoToken) return std::nullopt;
  const std::string override_text =
      registry.credential_provider_variable() + "=cargo:token overrides it for this job";
  const std::string place = setting.where.empty() ? "" : " (" + setting.where.str() + ")";
  if (setting.origin == "registry.global-credential-providers") {
    const std::string list = join(*config.global_credential_providers, ", ");  // as written
    const std::string effect =
        !setting.reads_token_variable
            ? "cargo would ignore " + registry.token_variable()
            : "cargo would try " + setting.providers.front() + " before " + registry.token_variable();
    if (setting.token_variable_first) return std::nullopt;
    return "registry.global-credential-providers = [" + list + "]" + place + ": " + effect +
           " for registry " + registry.name + "; " + override_text;
  }
  return "registry " + registry.name + " sets credential-provider = " + setting.providers.front() + place +
         (setting.reads_token_variable ? "" : ", under which cargo ignores " + registry.token_variable()) +
         "; " + override_text;
}

}  // namespace ca
