#include "net/host_slots.hpp"

#include "util/strings.hpp"

namespace ca::net_engine {

std::string host_key(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return to_lower(url);
  const auto authority_end = url.find_first_of("/?#", scheme_end + 3);
  std::string authority =
      url.substr(scheme_end + 3,
                 authority_end == std::string::npos ? std::string::npos : authority_end - (scheme_end + 3));
  if (const auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  return to_lower(url.substr(0, scheme_end + 3) + authority);
}

HostSlots::HostSlots(const std::vector<std::string>& urls, int per_host)
    : per_host_(per_host < 1 ? 1 : per_host) {
  for (std::size_t i = 0; i < urls.size(); ++i) {
    pending_.push_back(i);
    hosts_.push_back(host_key(urls[i]));
  }
}

std::optional<std::size_t> HostSlots::next() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (pending_.empty()) return std::nullopt;
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (in_flight_[hosts_[*it]] < per_host_) {
        const std::size_t index = *it;
        pending_.erase(it);
        ++in_flight_[hosts_[index]];
        return index;
      }
    }
    freed_.wait(lock);
  }
}

void HostSlots::done(std::size_t index) {
  {
    std::lock_guard lock(mutex_);
    --in_flight_[hosts_[index]];
  }
  freed_.notify_all();
}

}  // namespace ca::net_engine
