#pragma once
// A credential for one registry and the name of the source that supplied it.
// The source text is shown in summaries; the value never is.
#include <string>

#include "core/secret.hpp"

namespace ca {

struct Credential {
  Secret token;        // exactly what cargo sends as Authorization
  std::string source;  // e.g. "service connection 3f2c...", "System.AccessToken"
  // The token cargo already has in a config file or credentials.toml: nothing to write for it.
  bool stored_by_cargo = false;
};

}  // namespace ca
