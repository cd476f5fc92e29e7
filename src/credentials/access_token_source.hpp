#pragma once
// Source (d): the build's own System.AccessToken, as "Bearer <token>", for
// Azure Artifacts feeds of THIS organization only. Unlike CargoAuthenticate@0,
// which hands it to every feed on pkgs.dev.azure.com, a feed of another
// organization never receives it, and this organization's feed without a
// token is a failure that says how to fix it, not a silent success.
#include <optional>

#include "config/index_url.hpp"
#include "core/environment.hpp"
#include "credentials/credential_source.hpp"

namespace ca {

class AccessTokenSource : public CredentialSource {
 public:
  explicit AccessTokenSource(const Environment& env);
  [[nodiscard]] std::string name() const override { return "System.AccessToken"; }
  [[nodiscard]] SourceAnswer find(const Registry& registry) const override;

 private:
  // Read once: a config may list thousands of this organization's feeds.
  std::optional<IndexUrl> collection_;
  std::optional<Secret> bearer_;
};

}  // namespace ca
