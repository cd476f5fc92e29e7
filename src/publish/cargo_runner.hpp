#pragma once
// Runs cargo for `publish`: `cargo --version` (to pick multi-package publish,
// stable since 1.90) and `cargo publish`, in the workspace directory with the
// authenticated environment. The token is only ever in that environment —
// never an argument (no --token). Cargo's output is user-derived text: every
// line goes through Host::info() (redacted, neutralised for the CI host) and
// is kept, redacted, for failure classification and messages.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/environment.hpp"
#include "core/options.hpp"
#include "hosts/host.hpp"

namespace ca {

struct CargoVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
  [[nodiscard]] bool at_least(int want_major, int want_minor) const {
    return major != want_major ? major > want_major : minor >= want_minor;
  }
};

// "cargo 1.95.0 (f2d3ce0bd 2026-03-21)" -> 1.95.0; nullopt when unreadable.
std::optional<CargoVersion> parse_cargo_version(std::string_view text);

// `cargo publish` accepts several --package in one run (dependency order, one
// upload each) from 1.90 on.
bool supports_multi_package_publish(const CargoVersion& version);

// The arguments after "cargo" for publishing `packages` (in this order).
std::vector<std::string> cargo_publish_arguments(const PublishSettings& settings, const std::string& registry,
                                                 const std::vector<std::string>& packages);

struct CargoRun {
  int status = 0;
  std::string output;  // stdout and stderr lines, redacted, in arrival order
  std::string spawn_error;
  [[nodiscard]] bool ok() const { return status == 0 && spawn_error.empty(); }
};

// Cargo's own account of what went wrong, on one line: the lines from the
// first "error:" on, joined with ": " (the whole output when there is none).
std::string cargo_error_message(std::string_view output);

// Names that cargo reported "Uploading NAME vVERSION" for, in order.
std::vector<std::string> uploading_packages(std::string_view output);

// SHA-256 of the .crate files `cargo publish` would upload, by package name.
struct PackageChecksums {
  std::map<std::string, std::string> sha256;
  std::string error;  // why some could not be computed (cargo's own message); empty when all were
};

class CargoRunner {
 public:
  CargoRunner(EnvMap env, std::filesystem::path directory, Host& host)
      : env_(std::move(env)), directory_(std::move(directory)), host_(host) {}

  // Throws ca::Error when cargo cannot be run or its version not read.
  CargoVersion version() const;
  CargoRun publish(const PublishSettings& settings, const std::string& registry,
                   const std::vector<std::string>& packages) const;
  // Runs `cargo package --registry R --no-verify [--allow-dirty] -p NAME...` into a
  // private target directory and hashes package/NAME-VERSION.crate: cargo's
  // packaging is reproducible, so these are the bytes a publish would upload
  // (checked against the local registry's cksum). packages: (name, version).
  [[nodiscard]] PackageChecksums package_checksums(
      const PublishSettings& settings, const std::string& registry,
      const std::vector<std::pair<std::string, std::string>>& packages) const;
  [[nodiscard]] const std::filesystem::path& directory() const { return directory_; }

 private:
  EnvMap env_;
  std::filesystem::path directory_;
  Host& host_;
};

}  // namespace ca
