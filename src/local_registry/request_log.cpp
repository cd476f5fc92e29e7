#include "request_log.hpp"

namespace local_registry {

namespace {
// Bounds memory for a long-running demo server; tests clear the log long before this.
constexpr size_t kMaxEntries = 100000;
}  // namespace

void RequestLog::append(LogEntry entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() >= kMaxEntries) entries_.erase(entries_.begin());
  entries_.push_back(std::move(entry));
}

void RequestLog::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
}

nlohmann::json RequestLog::to_json(const std::string& path_prefix) const {
  std::lock_guard<std::mutex> lock(mutex_);
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& e : entries_) {
    if (e.path.rfind(path_prefix, 0) != 0) continue;
    arr.push_back({{"method", e.method},
                   {"path", e.path},
                   {"authorized", e.authorized},
                   {"status", e.status},
                   {"fault", e.fault},
                   {"authorization_sha256", e.authorization_sha256}});
  }
  return arr;
}

}  // namespace local_registry
