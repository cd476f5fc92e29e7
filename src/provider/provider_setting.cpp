#include "provider/provider_setting.hpp"

#include <algorithm>
#include <cctype>

namespace ca::provider {
namespace {
bool has_space(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}
}  // namespace

ProviderSetting provider_setting_with(const std::string& binary, const std::vector<std::string>& words) {
  ProviderSetting setting;
  if (binary.empty()) {
    setting.why_not = "the path of the cargo-authenticate binary could not be determined";
    return setting;
  }
  if (has_space(binary)) {
    setting.why_not = "the path of the cargo-authenticate binary (" + binary +
                      ") contains a space, and cargo splits a credential-provider setting on spaces";
    return setting;
  }
  std::string value = binary + " " + std::string(kSubcommand);
  for (const auto& word : words) {
    if (word.empty() || has_space(word)) {
      setting.why_not = "the provider argument '" + word + "' is empty or contains a space";
      return setting;
    }
    value += " " + word;
  }
  setting.value = std::move(value);
  return setting;
}

ProviderSetting provider_setting(const std::string& binary, const std::string& token_variable) {
  return provider_setting_with(binary, {std::string(kTokenVariableFlag), token_variable});
}

}  // namespace ca::provider
