#include "server.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <stdexcept>

#include "drop_connection.hpp"
#include "index_path.hpp"

namespace local_registry {

namespace {

constexpr const char* kJson = "application/json";

// crates.io refuses uploads above 10 MiB; a bit more headroom is fine for tests, and the
// limit keeps a bogus Content-Length from making the server allocate gigabytes.
constexpr size_t kMaxPayload = 64u * 1024 * 1024;

// Web API reads cargo authenticates like the index: `cargo search` and `cargo owner --list`.
const std::regex kCrateOwners(R"(^/api/v1/crates/([^/]+)/owners$)");
const std::regex kCrateVersionAction(R"(^/api/v1/crates/([^/]+)/([^/]+)/(download|yank|unyank)$)");

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool is_loopback(const std::string& addr) {
  return starts_with(addr, "127.") || addr == "::1" || addr == "::ffff:127.0.0.1";
}

nlohmann::json errors_body(const std::string& detail) {
  return {{"errors", nlohmann::json::array({{{"detail", detail}}})}};
}

}  // namespace

RegistryServer::RegistryServer(ServerOptions options)
    : options_(std::move(options)), store_(options_.data_dir) {
  faults_.add(options_.initial_faults);

  const int threads = options_.threads;
  http_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_.set_payload_max_length(kMaxPayload);
  // Idle keep-alive connections pin a worker and delay shutdown; cargo reconnects cheaply.
  http_.set_keep_alive_timeout(2);
  // Without it a response on a reused connection waits for the client's delayed
  // ACK (Nagle): about 40 ms per request, which real registries do not add.
  http_.set_tcp_nodelay(true);
  http_.set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_fd_ = sock;
  });

  auto handler = [this](const httplib::Request& req, httplib::Response& res) { dispatch(req, res); };
  http_.Get(".*", handler);  // also serves HEAD
  http_.Put(".*", handler);
  http_.Post(".*", handler);
  http_.Delete(".*", handler);
  http_.Patch(".*", handler);
  http_.Options(".*", handler);
}

int RegistryServer::bind() {
  port_ = options_.port == 0 ? http_.bind_to_any_port("127.0.0.1")
                             : (http_.bind_to_port("127.0.0.1", options_.port) ? options_.port : -1);
  if (port_ <= 0) throw std::runtime_error("cannot bind 127.0.0.1:" + std::to_string(options_.port));
  // httplib listens with a backlog of 5; tests open ~100 connections at once and a full
  // backlog turns into 1 s SYN retransmits, so widen it (re-listen only updates the backlog).
  if (listen_fd_ >= 0) ::listen(listen_fd_, SOMAXCONN);
  return port_;
}

void RegistryServer::run() { http_.listen_after_bind(); }

void RegistryServer::stop() {
  {
    std::lock_guard<std::mutex> lock(stop_mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  http_.stop();
}

void RegistryServer::sleep_interruptibly(int delay_ms) {
  std::unique_lock<std::mutex> lock(stop_mutex_);
  stop_cv_.wait_for(lock, std::chrono::milliseconds(delay_ms), [this] { return stopping_; });
}

std::string RegistryServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + options_.base_path;
}

void RegistryServer::send_errors(httplib::Response& res, int status, const std::string& detail) const {
  res.status = status;
  res.set_content(errors_body(detail).dump(), kJson);
}

void RegistryServer::send_unauthorized(httplib::Response& res, AuthResult auth) const {
  // Cargo shows this detail to the user, so it says what to do; it never echoes the header.
  send_errors(res, 401,
              auth == AuthResult::kMissing
                  ? "this registry requires authentication: no Authorization header was sent"
                  : "the token in the Authorization header was not accepted by this registry");
  res.set_header("WWW-Authenticate", "Cargo login_url=\"" + base_url() + "/me\"");
}

RegistryServer::RouteKind RegistryServer::classify(const std::string& m, const std::string& p) const {
  if (p == "/me" && (m == "GET" || m == "HEAD")) return RouteKind::kPublic;
  if (starts_with(p, "/index/") && (m == "GET" || m == "HEAD")) return RouteKind::kRead;
  if (p == "/api/v1/crates/new" && m == "PUT") return RouteKind::kWrite;
  std::smatch match;
  if ((p == "/api/v1/crates" || std::regex_match(p, match, kCrateOwners)) && m == "GET")
    return RouteKind::kRead;
  if (std::regex_match(p, match, kCrateVersionAction)) {
    const std::string action = match[3];
    if (action == "download" && (m == "GET" || m == "HEAD")) return RouteKind::kRead;
    if ((action == "yank" && m == "DELETE") || (action == "unyank" && m == "PUT")) {
      return RouteKind::kWrite;
    }
  }
  return RouteKind::kUnknown;
}

void RegistryServer::dispatch(const httplib::Request& original, httplib::Response& res) {
  // Requests under --base-path are routed as if the prefix were not there.
  httplib::Request stripped;
  const bool prefixed = !options_.base_path.empty() && original.path.rfind(options_.base_path + "/", 0) == 0;
  if (prefixed) {
    stripped = original;
    stripped.path = original.path.substr(options_.base_path.size());
  }
  const httplib::Request& req = prefixed ? stripped : original;
  if (starts_with(req.path, "/_control/")) {
    // Not logged: the log describes registry traffic that tests assert on.
    handle_control(req, res);
    return;
  }

  const std::string* header =
      req.has_header("Authorization") ? &req.headers.find("Authorization")->second : nullptr;
  AuthResult auth = options_.tokens.check(header);
  // Tokens obtained through an emulated exchange publish until they are revoked.
  if (auth != AuthResult::kFull && identity_.accepts(header)) auth = AuthResult::kFull;
  LogEntry entry{req.method, req.path, auth == AuthResult::kFull || auth == AuthResult::kReadOnly,
                 0,          false,    header != nullptr ? sha256_hex(*header) : std::string()};
  std::string prefix;
  std::string path = req.path;
  if (starts_with(path, "/r/")) {
    const auto end = path.find('/', 3);
    prefix = path.substr(0, end);
    path = end == std::string::npos ? "/" : path.substr(end);
  }

  // Faults act like a misbehaving proxy in front of the registry: before auth and routing.
  if (auto fault = faults_.take(req.method, req.path)) {
    entry.fault = true;
    if (fault->delay_ms > 0) sleep_interruptibly(fault->delay_ms);
    if (fault->drop) {
      // Logged before the drop: the client reacts to the closed connection at once (often
      // with a retry), and the log must keep the requests in the order they happened.
      log_.append(std::move(entry));
      drop_connection(req.remote_addr, req.remote_port, req.local_port);
      res.status = 500;  // never reaches the client; keeps httplib's bookkeeping sane
      res.set_header("Connection", "close");
      return;
    }
    if (fault->status != 0) {
      res.status = fault->status;
      if (fault->retry_after) res.set_header("Retry-After", std::to_string(*fault->retry_after));
      if (fault->body) {
        res.set_content(*fault->body, fault->content_type.value_or("text/plain"));
      } else {
        res.set_content(errors_body("injected fault: HTTP " + std::to_string(fault->status)).dump(),
                        fault->content_type.value_or(kJson));
      }
      entry.status = res.status;
      log_.append(std::move(entry));
      return;
    }
  }

  if (const std::string tenant = identity_.resource_tenant(); !tenant.empty()) {
    res.set_header("X-VSS-ResourceTenant", tenant);
  }
  try {
    if (!identity_.handle(req, res)) route(req, path, prefix, res, auth);
  } catch (const std::exception& e) {
    // Disk errors and the like; the message names files, never credentials.
    send_errors(res, 500, std::string("internal error: ") + e.what());
  }
  entry.status = res.status;
  log_.append(std::move(entry));
}

void RegistryServer::route(const httplib::Request& req, const std::string& path, const std::string& prefix,
                           httplib::Response& res, AuthResult auth) {
  const RouteKind kind = classify(req.method, path);
  const bool accepted = auth == AuthResult::kFull || auth == AuthResult::kReadOnly;

  if (kind == RouteKind::kPublic) {
    res.status = 200;
    res.set_content(
        "This is a local cargo registry for tests. It has no login page: tokens are configured "
        "with --tokens-file or LOCAL_REGISTRY_TOKENS when the server starts.\n",
        "text/plain");
    return;
  }
  // With auth required, even unknown paths answer 401 first so an unauthenticated client
  // learns nothing about what exists.
  const bool needs_token = kind == RouteKind::kWrite || !options_.anonymous;
  if (needs_token && !accepted) {
    send_unauthorized(res, auth);
    return;
  }
  if (kind == RouteKind::kUnknown) {
    send_errors(res, 404, "no route for " + req.method + " " + path);
    return;
  }
  if (kind == RouteKind::kWrite && auth != AuthResult::kFull) {
    send_errors(res, 403, "this token is read-only: it cannot publish, yank or unyank");
    return;
  }

  if (path == "/index/config.json") {
    nlohmann::json config = {{"dl", base_url() + prefix + "/api/v1/crates"},
                             {"api", base_url() + prefix},
                             {"auth-required", !options_.anonymous}};
    res.status = 200;
    res.set_content(config.dump(), kJson);
    return;
  }
  if (starts_with(path, "/index/")) {
    auto text = store_.read_index_file(path.substr(std::string("/index/").size()));
    if (!text) {
      send_errors(res, 404, "not found: " + path);
      return;
    }
    res.status = 200;
    res.set_content(*text, "text/plain");
    return;
  }
  if (path == "/api/v1/crates/new") {
    PublishRequest publish;
    PublishParseError err;
    if (!parse_publish_body(req.body, publish, err)) {
      send_errors(res, 400, err.detail);
      return;
    }
    auto result = store_.publish(publish);
    if (result.outcome != RegistryStore::Outcome::kOk) {
      send_errors(res, 400, result.detail);
      return;
    }
    res.status = 200;
    res.set_content(R"({"warnings":{"invalid_categories":[],"invalid_badges":[],"other":[]}})", kJson);
    return;
  }

  std::smatch match;
  if (path == "/api/v1/crates") {
    // Search: exact name matches only (enough for cargo search's request and answer).
    nlohmann::json crates = nlohmann::json::array();
    const std::string query = req.get_param_value("q");
    const auto index_file = index_path_for(query);
    if (const auto text = index_file ? store_.read_index_file(*index_file) : std::nullopt) {
      std::string last;
      for (std::size_t start = 0; start < text->size();) {
        const std::size_t end = std::min(text->find('\n', start), text->size());
        if (end > start) last = text->substr(start, end - start);
        start = end + 1;
      }
      const auto entry = nlohmann::json::parse(last, nullptr, false);
      if (entry.is_object()) {
        crates.push_back({{"name", entry.value("name", query)},
                          {"max_version", entry.value("vers", "")},
                          {"description", "local registry crate"}});
      }
    }
    res.status = 200;
    res.set_content(nlohmann::json{{"crates", crates}, {"meta", {{"total", crates.size()}}}}.dump(), kJson);
    return;
  }
  if (std::regex_match(path, match, kCrateOwners)) {
    const auto index_file = index_path_for(match[1].str());
    if (!index_file || !store_.read_index_file(*index_file)) {
      send_errors(res, 404, "crate `" + match[1].str() + "` not found");
      return;
    }
    res.status = 200;
    res.set_content(R"({"users":[{"id":1,"login":"local-owner","name":"Local Owner"}]})", kJson);
    return;
  }
  std::regex_match(path, match, kCrateVersionAction);  // classify() guaranteed a match
  const std::string name = match[1];
  const std::string version = match[2];
  const std::string action = match[3];
  if (action == "download") {
    auto bytes = store_.read_crate(name, version);
    if (!bytes) {
      send_errors(res, 404, "crate `" + name + "@" + version + "` not found");
      return;
    }
    res.status = 200;
    res.set_content(*bytes, "application/x-tar");
    return;
  }
  auto result = store_.set_yanked(name, version, action == "yank");
  if (result.outcome != RegistryStore::Outcome::kOk) {
    send_errors(res, 404, result.detail);
    return;
  }
  res.status = 200;
  res.set_content(R"({"ok":true})", kJson);
}

void RegistryServer::handle_control(const httplib::Request& req, httplib::Response& res) {
  // The server only binds 127.0.0.1, but check anyway: the control API is unauthenticated.
  if (!is_loopback(req.remote_addr)) {
    send_errors(res, 403, "the control API is only available from loopback");
    return;
  }
  const std::string& m = req.method;
  if (req.path == "/_control/faults") {
    if (m == "GET") {
      res.set_content(faults_.to_json().dump(), kJson);
      return;
    }
    if (m == "DELETE") {
      faults_.clear();
      res.set_content(R"({"ok":true})", kJson);
      return;
    }
    if (m == "POST" || m == "PUT") {
      auto body = nlohmann::json::parse(req.body, nullptr, false);
      if (body.is_discarded()) {
        send_errors(res, 400, "fault rules must be JSON");
        return;
      }
      try {
        faults_.add(fault_rules_from_json(body));
      } catch (const std::invalid_argument& e) {
        send_errors(res, 400, e.what());
        return;
      }
      res.set_content(nlohmann::json{{"ok", true}, {"rules", faults_.to_json().size()}}.dump(), kJson);
      return;
    }
  } else if (req.path == "/_control/identity") {
    if (m == "GET") {
      res.set_content(identity_.state().dump(), kJson);
      return;
    }
    if (m == "POST") {
      auto body = nlohmann::json::parse(req.body, nullptr, false);
      if (!body.is_object()) {
        send_errors(res, 400, "identity settings must be a JSON object");
        return;
      }
      identity_.configure(body);
      res.set_content(R"({"ok":true})", kJson);
      return;
    }
  } else if (req.path == "/_control/log") {
    if (m == "GET") {
      // ?prefix=/r/<label> narrows the log to one stand-in registry (see dispatch).
      res.set_content(log_.to_json(req.get_param_value("prefix")).dump(), kJson);
      return;
    }
    if (m == "DELETE") {
      log_.clear();
      res.set_content(R"({"ok":true})", kJson);
      return;
    }
  }
  send_errors(res, 404, "no control route for " + m + " " + req.path);
}

}  // namespace local_registry
