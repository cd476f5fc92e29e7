#pragma once
// How an authentication turns into the step's result and one-line message.
#include <string>

#include "commands/authenticate.hpp"
#include "hosts/host.hpp"

namespace ca {

inline Outcome outcome_of(const Authentication& auth) {
  if (!auth.ok()) return Outcome::kFailed;
  return auth.has_warnings() ? Outcome::kSucceededWithIssues : Outcome::kSucceeded;
}

inline std::string outcome_message(const Authentication& auth) {
  const int total = static_cast<int>(auth.resolutions.size());
  return "authenticated " + std::to_string(auth.authenticated_count()) + " of " + std::to_string(total) +
         (total == 1 ? " registry" : " registries");
}

}  // namespace ca
