#pragma once
// Source: trusted publishing (crates.io's OIDC exchange, or any registry with the same API).
//
// An OIDC ID token from the CI is exchanged for a short-lived registry token:
//   ID token: GitHub Actions  GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=<aud>
//                             (Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN) -> {"value"}
//             GitLab CI       $CRATES_IO_ID_TOKEN (declared with `id_tokens:` in .gitlab-ci.yml)
//   exchange: POST <api>/api/v1/trusted_publishing/tokens {"jwt": ...} -> {"token": ...}
// <api> is the registry's `api` from its config.json (crates.io: https://crates.io); the
// audience is that URL's host (crates.io: "crates.io"). The token lives 30 minutes; the
// credential carries that expiry and its revocation (DELETE on the same path with
// Authorization: Bearer <token>), which exec/publish/revoke run.
// Served registries: those named (--registry / registryNames / the publish registry), or
// crates-io when none is named. Each value is masked the moment it arrives; a failure is
// fatal for the registry and says what to do (e.g. grant `id-token: write`).
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/environment.hpp"
#include "credentials/credential_source.hpp"

namespace ca {

inline constexpr int kTrustedPublishingMinutes = 30;
inline constexpr const char* kTrustedPublishingPath = "/api/v1/trusted_publishing/tokens";

class TrustedPublishingSource : public CredentialSource {
 public:
  // registry_names: the registries to serve; empty means crates-io.
  TrustedPublishingSource(std::vector<std::string> registry_names, const Environment& env,
                          std::function<void(const Secret&)> mask);
  [[nodiscard]] std::string name() const override { return "trusted publishing"; }
  [[nodiscard]] SourceAnswer find(const Registry& registry) const override;
  [[nodiscard]] bool serves_crates_io() const;

 private:
  struct Outcome {
    std::optional<Credential> credential;
    std::string problem;
  };
  [[nodiscard]] Outcome exchange(const Registry& registry, const std::string& api_url) const;
  [[nodiscard]] std::optional<std::string> id_token(const std::string& audience, std::string& problem) const;

  std::vector<std::string> registry_names_;
  const Environment& env_;
  std::function<void(const Secret&)> mask_;
  mutable std::map<std::string, Outcome> by_api_;  // one exchange per registry API
};

// The registry's API base URL (crates.io: https://crates.io; else "api" from the
// index's config.json, fetched anonymously). nullopt with problem set on failure.
std::optional<std::string> registry_api_url(const Registry& registry, std::string& problem);

}  // namespace ca
