#pragma once
// Starts the project's real local registry (cargo-authenticate-registry) on a
// free loopback port for one test, with its own data directory and accepted
// tokens, and stops it at the end. Also a tiny HTTP client for its control API.
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace ca::test {

struct HttpReply {
  long status = 0;
  std::string body;
};
// One bounded (10 s) HTTP request; the Authorization header only when given.
HttpReply http_request(const std::string& method, const std::string& url, const std::string& body = "",
                       const std::string& authorization = "");

class LocalRegistry {
 public:
  // accepted: exact Authorization header values ("tok", "Bearer tok", "Basic ...");
  // a value prefixed "readonly:" may read but not publish.
  // base_path: a path prefix the registry is served under (index_url() includes it).
  explicit LocalRegistry(const std::vector<std::string>& accepted, bool anonymous = false,
                         std::string base_path = "");
  ~LocalRegistry();
  LocalRegistry(const LocalRegistry&) = delete;
  LocalRegistry& operator=(const LocalRegistry&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string base_url() const;   // http://127.0.0.1:PORT
  [[nodiscard]] std::string index_url() const;  // sparse+http://127.0.0.1:PORT<base path>/index/
  // Fault rules as the server's JSON array (see src/local_registry/faults.hpp).
  void set_faults(const std::string& json_rules) const;
  void clear_faults() const;
  // The server's request log as JSON text.
  [[nodiscard]] std::string request_log() const;
  void clear_log() const;
  // Number of logged requests with this method whose path starts with prefix.
  [[nodiscard]] int count_requests(const std::string& method, const std::string& path_prefix) const;

 private:
  TempDir dir_;
  int pid_ = -1;
  int port_ = 0;
  std::string base_path_;
};

}  // namespace ca::test
