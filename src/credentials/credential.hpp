#pragma once
// A credential for one registry and the name of the source that supplied it.
// The source text is shown in summaries; the value never is.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/secret.hpp"

namespace ca {

// How to give back a token a run obtained through an exchange (DELETE url with
// "Authorization: Bearer <token>"), so it dies when the run is done with it.
struct Revocation {
  std::string url;
  Secret token;
};

struct Credential {
  Credential(Secret token_value, std::string source_name)
      : token(std::move(token_value)), source(std::move(source_name)) {}
  Credential(Secret token_value, std::string source_name, std::chrono::system_clock::time_point expiry,
             Revocation revoke)
      : token(std::move(token_value)),
        source(std::move(source_name)),
        expires(expiry),
        revocation(std::move(revoke)) {}

  Secret token;        // exactly what cargo sends as Authorization
  std::string source;  // e.g. "service connection 3f2c...", "System.AccessToken"
  // Short-lived tokens from an exchange: when they stop working, and how to revoke them.
  std::optional<std::chrono::system_clock::time_point> expires;
  std::optional<Revocation> revocation;
  // The token cargo already has in a config file or credentials.toml: nothing to write for it.
  bool stored_by_cargo = false;
  // The words after `credential-provider` with which cargo-authenticate, started by cargo
  // in a later step, finds this credential again without it being handed on (auth
  // --provider): e.g. {"--token-variable", "MY_TOKEN"} or {"--trusted-publishing"}.
  // Empty: the source cannot be re-resolved later.
  std::vector<std::string> provider_args;
};

}  // namespace ca
