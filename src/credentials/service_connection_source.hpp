#pragma once
// Source (c): Azure service connections of type externalcargorepository named
// in the `cargoServiceConnections` input. A connection serves the registry
// whose index URL matches its URL (compared normalised: "sparse+" removed,
// host case-insensitive, default port and trailing slash ignored).
//   UsernamePassword -> "Basic base64(username:password)"
//   Token            -> the raw token (for crates.io it becomes CARGO_REGISTRY_TOKEN)
// An id whose endpoint variables are missing is an input error: the
// connection is not authorised for this pipeline, or the id is wrong.
#include <string>
#include <vector>

#include "core/environment.hpp"
#include "core/secret.hpp"
#include "credentials/credential_source.hpp"

namespace ca {

struct ServiceConnection {
  std::string id;
  std::string url;
  std::string scheme;  // UsernamePassword | Token | ...
  Secret username;     // treated as secret: some people put tokens there
  Secret password;
  Secret api_token;
};

// Reads the connections from the agent's ENDPOINT_* variables; throws ca::Error.
std::vector<ServiceConnection> read_service_connections(const std::vector<std::string>& ids,
                                                        const Environment& env);

bool is_crates_io_url(const std::string& url);

class ServiceConnectionSource : public CredentialSource {
 public:
  explicit ServiceConnectionSource(std::vector<ServiceConnection> connections)
      : connections_(std::move(connections)) {}
  [[nodiscard]] std::string name() const override { return "service connection"; }
  [[nodiscard]] SourceAnswer find(const Registry& registry) const override;
  // True when a Token connection points at crates.io.
  [[nodiscard]] bool serves_crates_io() const;
  // One note per connection whose URL is the index of none of `registries`:
  // its URL and the index URLs it could have meant.
  [[nodiscard]] std::vector<std::string> unmatched(const std::vector<Registry>& registries) const;

 private:
  std::vector<ServiceConnection> connections_;
};

}  // namespace ca
