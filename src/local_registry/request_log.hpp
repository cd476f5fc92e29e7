#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace local_registry {

// What tests assert on via GET /_control/log. Deliberately has no header values: the
// Authorization header is a secret; only whether it was accepted and its SHA-256 (so a
// differential test can tell which of its tokens a client sent where) are recorded.
struct LogEntry {
  std::string method;
  std::string path;
  bool authorized = false;
  int status = 0;                    // 0 when the connection was dropped by a fault rule
  bool fault = false;                // a fault rule fired for this request
  std::string authorization_sha256;  // hex SHA-256 of the Authorization header; empty when absent
};

class RequestLog {
 public:
  void append(LogEntry entry);
  void clear();
  // Entries whose path starts with `path_prefix` (all when empty).
  nlohmann::json to_json(const std::string& path_prefix = "") const;

 private:
  mutable std::mutex mutex_;
  std::vector<LogEntry> entries_;
};

}  // namespace local_registry
