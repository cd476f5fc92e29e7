#pragma once
// The value of `CARGO_REGISTRIES_<NAME>_CREDENTIAL_PROVIDER` that makes cargo
// ask this binary for a registry's token:
//     <absolute path of this binary> credential-provider --token-variable <VAR>
// cargo splits an environment value on whitespace (cargo's PathAndArgs), so
// the path must not contain any; Windows paths (C:\agent\_work\_tasks\...\x.exe)
// work as they are. Used where the agent would hide the cargo variable itself
// (a secret of that name exists): the token travels under VAR, a public name.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ca::provider {

inline constexpr std::string_view kSubcommand = "credential-provider";
inline constexpr std::string_view kTokenVariableFlag = "--token-variable";
inline constexpr std::string_view kTrustedPublishingFlag = "--trusted-publishing";

struct ProviderSetting {
  std::optional<std::string> value;  // the setting, or
  std::string why_not;               // why this binary cannot be a provider here
};

// binary: this executable's absolute path (platform/system.hpp).
ProviderSetting provider_setting(const std::string& binary, const std::string& token_variable);
// The same with any provider words (Credential::provider_args), e.g. {"--trusted-publishing"}.
ProviderSetting provider_setting_with(const std::string& binary, const std::vector<std::string>& words);

}  // namespace ca::provider
