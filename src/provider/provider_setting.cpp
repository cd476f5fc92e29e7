#include "provider/provider_setting.hpp"

#include <algorithm>
#include <cctype>

namespace ca::provider {
namespace {
bool has_space(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}
}  // namespace

ProviderSetting provider_setting(const std::string& binary, const std::string& token_variable) {
  ProviderSetting setting;
  if (binary.empty()) {
    setting.why_not = "the path of the cargo-authenticate binary could not be determined";
  } else if (has_space(binary)) {
    setting.why_not = "the path of the cargo-authenticate binary (" + binary +
                      ") contains a space, and cargo splits a credential-provider setting on spaces";
  } else if (has_space(token_variable)) {
    setting.why_not = "the variable name " + token_variable + " contains a space";
  } else {
    setting.value = binary + " " + std::string(kSubcommand) + " " + std::string(kTokenVariableFlag) + " " +
                    token_variable;
  }
  return setting;
}

}  // namespace ca::provider
