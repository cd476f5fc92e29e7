#pragma once
// Gives back the tokens a run obtained through an exchange: DELETE <url> with
// Authorization: Bearer <token> (crates.io's trusted-publishing revocation). A token
// the registry no longer knows (401/404: expired or already revoked) counts as gone.
// Never throws; each result says what happened, without the token.
#include <string>
#include <vector>

#include "credentials/credential.hpp"

namespace ca {

struct RevocationResult {
  std::string url;
  bool ok = false;
  std::string message;
};

RevocationResult revoke_token(const Revocation& revocation);

}  // namespace ca
