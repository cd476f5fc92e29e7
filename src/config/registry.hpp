#pragma once
// One registry from cargo's configuration: what cargo calls it, where its index
// is, which variables carry its token, and where it was defined.
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/index_url.hpp"
#include "core/secret.hpp"
#include "core/source_location.hpp"

namespace ca {

struct Registry {
  std::string name;
  IndexUrl index;
  SourceLocation defined_at;
  // The registry's own `credential-provider` setting, when it has one.
  std::optional<std::vector<std::string>> credential_provider;
  SourceLocation credential_provider_at;  // where that setting was made (file:line or env)
  // A token cargo already has for it: `token` in a config file or in $CARGO_HOME/credentials.toml
  // (which wins), read by cargo:token when no CARGO_REGISTRIES_<NAME>_TOKEN is set.
  std::optional<Secret> stored_token;
  SourceLocation stored_token_at;
  // [source.crates-io] replace-with leads here: every build needs its credential, not only publish.
  bool replaces_crates_io = false;

  [[nodiscard]] bool is_crates_io() const;
  [[nodiscard]] std::string token_variable() const;
  [[nodiscard]] std::string credential_provider_variable() const;
};

// One [source.<name>] entry: a registry source by URL and/or a replacement.
struct SourceEntry {
  std::string name;
  std::optional<std::string> registry;          // `registry = "sparse+https://..."`
  std::optional<std::string> replace_with;      // `replace-with = "<source or registry>"`
  std::optional<std::string> matched_registry;  // the [registries] entry with the same index URL
  SourceLocation defined_at;
};

// Something in the configuration that works against authentication (not an error).
struct ConfigWarning {
  std::string message;
  SourceLocation where;
};

// Everything the rest of the tool needs from cargo's configuration.
struct CargoConfig {
  std::vector<Registry> registries;             // in definition order
  std::optional<std::string> default_registry;  // registry.default
  // registry.global-credential-providers when set (cargo's default is ["cargo:token"]).
  std::optional<std::vector<std::string>> global_credential_providers;
  SourceLocation global_credential_providers_at;
  // [credential-alias]: name -> provider and arguments (already applied to the providers above).
  std::map<std::string, std::vector<std::string>> credential_aliases;
  // http.proxy (or CARGO_HTTP_PROXY) when set and non-empty: cargo sends every
  // request through it, loopback included, unless no_proxy names the host.
  std::optional<std::string> http_proxy;
  SourceLocation http_proxy_at;
  std::vector<SourceEntry> sources;     // [source.*]
  std::vector<ConfigWarning> warnings;  // found while reading (unauthenticatable sources, ...)
  std::vector<std::string> files;       // the files read, in precedence order

  [[nodiscard]] const Registry* find(std::string_view name) const;
  Registry* find(std::string_view name);
  // Adds the registry, or replaces the one of the same name (keeping its place).
  Registry& upsert(Registry registry);

 private:
  // name -> position in `registries`; configs with 10,000 registries must not
  // cost a quadratic search.
  std::unordered_map<std::string, std::size_t> position_by_name_;
};

}  // namespace ca
