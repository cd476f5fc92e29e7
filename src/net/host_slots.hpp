#pragma once
// Hands out a batch of requests to worker threads so that no host has more
// than a given number in flight: the first waiting request whose host has room
// goes next, and next() blocks until one has. For an engine that runs one
// blocking request per thread (WinHTTP); libcurl's multi handle has its own cap.
// Portable C++ (mutex and condition variable); never throws but bad_alloc.
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ca::net_engine {

// scheme://authority of a URL, lower-cased, without user information: what
// "one host" means for the cap.
std::string host_key(const std::string& url);

class HostSlots {
 public:
  HostSlots(const std::vector<std::string>& urls, int per_host);

  // The index (into urls) of the next request to run, or nullopt when none is left.
  std::optional<std::size_t> next();
  // Request `index` has finished: its host's slot is free again.
  void done(std::size_t index);

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::size_t> pending_;
  std::vector<std::string> hosts_;
  std::map<std::string, int> in_flight_;
  int per_host_;
};

}  // namespace ca::net_engine
