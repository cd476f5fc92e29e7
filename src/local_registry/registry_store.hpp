#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "publish_body.hpp"

namespace local_registry {

// On-disk registry state under the --data dir, so a restarted server keeps earlier publishes:
//   <data>/index/<cargo index path>          one JSON line per version
//   <data>/crates/<lower name>/<vers>.crate  the uploaded tarballs
// Writes are serialized by one mutex (publishing is rare; correctness matters more than
// throughput). Every file is replaced atomically, so reads need no lock.
class RegistryStore {
 public:
  explicit RegistryStore(std::filesystem::path data_dir);

  enum class Outcome { kOk, kNotFound, kConflict, kInvalid };
  struct Result {
    Outcome outcome;
    std::string detail;  // user-facing message for anything but kOk
  };

  // Validates and stores a publish; kConflict for an existing name+version (name compared
  // case-insensitively, version ignoring build metadata) or a name whose case differs from
  // the already published crate.
  Result publish(const PublishRequest& request);

  Result set_yanked(const std::string& name, const std::string& version, bool yanked);

  // The raw index file for a request path relative to /index/ (e.g. "3/f/foo"); nullopt if
  // the path is not a canonical index path or the crate is unknown.
  std::optional<std::string> read_index_file(const std::string& relative_path) const;

  std::optional<std::string> read_crate(const std::string& name, const std::string& version) const;

 private:
  std::filesystem::path index_file(const std::string& name) const;
  std::filesystem::path crate_file(const std::string& name, const std::string& version) const;

  std::filesystem::path index_dir_;
  std::filesystem::path crates_dir_;
  std::mutex write_mutex_;
};

}  // namespace local_registry
