#pragma once
// One registry from cargo's configuration: what cargo calls it, where its index
// is, which variables carry its token, and where it was defined.
#include <optional>
#include <string>
#include <vector>

#include "config/index_url.hpp"
#include "core/source_location.hpp"

namespace ca {

struct Registry {
  std::string name;
  IndexUrl index;
  SourceLocation defined_at;
  // The registry's own `credential-provider` setting, when it has one.
  std::optional<std::vector<std::string>> credential_provider;

  [[nodiscard]] bool is_crates_io() const;
  [[nodiscard]] std::string token_variable() const;
  [[nodiscard]] std::string credential_provider_variable() const;
};

// Everything the rest of the tool needs from cargo's configuration.
struct CargoConfig {
  std::vector<Registry> registries;          // in definition order
  std::optional<std::string> default_registry;  // registry.default
  // registry.global-credential-providers when set (cargo's default is ["cargo:token"]).
  std::optional<std::vector<std::string>> global_credential_providers;
  std::vector<std::string> files;            // the files read, in precedence order

  [[nodiscard]] const Registry* find(std::string_view name) const;
};

}  // namespace ca
