#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "auth.hpp"
#include "faults.hpp"
#include "identity_emulator.hpp"
#include "registry_store.hpp"
#include "request_log.hpp"

namespace local_registry {

struct ServerOptions {
  std::filesystem::path data_dir;
  int port = 0;  // 0: let the kernel pick a free port
  int threads = 64;
  // --anonymous: index and downloads are public (`auth-required: false`); publish and yank
  // still need a full token, as on crates.io.
  bool anonymous = false;
  // --base-path: serve everything under this path prefix (e.g. an Azure DevOps Server
  // feed's "/tfs/Collection/_packaging/feed/Cargo"), so feed-shaped URLs reach it.
  std::string base_path;
  TokenSet tokens;
  std::vector<FaultRule> initial_faults;
};

// The HTTP front: routing, authentication, fault injection and the request log. Storage
// lives in RegistryStore. Routing is done by hand from one catch-all handler (instead of
// httplib's per-route regexes) so that auth, faults and logging wrap every request uniformly,
// including unknown paths.
// A path may start with "/r/<label>": the same registry then answers under
// http://127.0.0.1:PORT/r/<label>/index/ (its config.json's api and dl carry the prefix),
// so one server stands in for many registries with distinct index URLs, and the request
// log tells them apart by path.
class RegistryServer {
 public:
  explicit RegistryServer(ServerOptions options);

  // Binds 127.0.0.1 (never other interfaces: the control API has no authentication).
  // Returns the bound port or throws std::runtime_error.
  int bind();
  // Serves until stop(); returns after the worker pool has drained.
  void run();
  // Safe to call from another thread; wakes requests sleeping in a fault delay.
  void stop();

 private:
  enum class RouteKind { kRead, kWrite, kPublic, kUnknown };

  void dispatch(const httplib::Request& req, httplib::Response& res);
  void handle_control(const httplib::Request& req, httplib::Response& res);
  // `path` is the request path without a leading "/r/<label>" (see dispatch), `prefix` that part.
  void route(const httplib::Request& req, const std::string& path, const std::string& prefix,
             httplib::Response& res, AuthResult auth);
  RouteKind classify(const std::string& method, const std::string& path) const;
  void sleep_interruptibly(int delay_ms);

  std::string base_url() const;
  void send_errors(httplib::Response& res, int status, const std::string& detail) const;
  void send_unauthorized(httplib::Response& res, AuthResult auth) const;

  ServerOptions options_;
  RegistryStore store_;
  FaultTable faults_;
  IdentityEmulator identity_;
  RequestLog log_;
  httplib::Server http_;
  int port_ = 0;
  int listen_fd_ = -1;

  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
};

}  // namespace local_registry
