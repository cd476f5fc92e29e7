#pragma once
// A token the user handed over directly: the CNB plugin's `token` setting
// (PLUGIN_TOKEN, typically `token: $CARGO_TOKEN` from an imported secret), the
// GitHub action's `token` input (INPUT_TOKEN), or `--token-env VARIABLE`. It
// serves every selected registry, or only those named (token_registries).
// The value is sent verbatim, so a scheme ("Bearer ...") must be part of it.
// A named variable that is empty is reported, not skipped: the user asked for it.
#include <string>
#include <vector>

#include "core/environment.hpp"
#include "credentials/credential_source.hpp"

namespace ca {

class TokenSettingSource : public CredentialSource {
 public:
  // label: how the user wrote it, e.g. "settings.token", "--token-env CARGO_TOKEN".
  TokenSettingSource(const Environment& env, std::string variable, std::vector<std::string> registries,
                     std::string label)
      : env_(env),
        variable_(std::move(variable)),
        registries_(std::move(registries)),
        label_(std::move(label)) {}
  [[nodiscard]] std::string name() const override { return label_; }
  [[nodiscard]] SourceAnswer find(const Registry& registry) const override;

 private:
  const Environment& env_;
  std::string variable_;
  std::vector<std::string> registries_;
  std::string label_;
};

}  // namespace ca
