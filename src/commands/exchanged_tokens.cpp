#include "commands/exchanged_tokens.hpp"

#include "credentials/revocation.hpp"
#include "credentials/trusted_publishing_source.hpp"

namespace ca {

ExchangedTokens::ExchangedTokens(Host& host, const Authentication& auth) : host_(host) {
  for (const auto& r : auth.resolutions) {
    if (r.credential && r.credential->revocation)
      entries_.push_back({r.registry.name, *r.credential->revocation});
  }
}

ExchangedTokens::~ExchangedTokens() {
  try {
    revoke();
  } catch (...) {
    // A destructor must not throw; the token expires on its own.
  }
}

void ExchangedTokens::keep() {
  for (const auto& e : entries_) {
    host_.info("registry " + e.registry + ": the trusted-publishing token lives " +
               std::to_string(kTrustedPublishingMinutes) +
               " minutes. Revoke it after the last cargo step with `cargo-authenticate revoke --registry " +
               e.registry + "` (in the same job, with the exported variable).");
  }
  entries_.clear();
}

bool ExchangedTokens::revoke() {
  bool ok = true;
  for (const auto& e : entries_) {
    const RevocationResult result = revoke_token(e.revocation);
    if (result.ok) {
      host_.info("registry " + e.registry + ": " + result.message);
    } else {
      host_.warning("registry " + e.registry + ": " + result.message);
      ok = false;
    }
  }
  entries_.clear();
  return ok;
}

}  // namespace ca
