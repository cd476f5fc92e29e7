#pragma once
// Publishes a planned set of packages idempotently and with bounded retries.
//
// Sparse index: ask the index (all packages at once) which versions exist,
// skip those, publish the rest — in one `cargo publish -p a -p b ...` when
// cargo supports it, else one at a time in dependency order. After a failed
// cargo run the index is asked again (an upload can succeed and still answer
// 5xx; a multi-package run can stop half way), and only what is still missing
// is retried. "Skipped (already there)" is decided from the registry alone: the
// index holds that version with the SHA-256 of the .crate cargo would upload
// (`cargo package`); a version there with other contents fails the run, and
// cargo's own "already exists" is never taken as proof (a git index cannot be
// asked over HTTP, so there it fails).
// Retryable failures (429, 5xx, network) wait per RetryPolicy; anything else
// stops the run with cargo's message. A run where everything exists already
// does not start cargo publish at all. Never throws for publish failures:
// they are results.
#include <optional>
#include <string>
#include <vector>

#include "core/options.hpp"
#include "core/secret.hpp"
#include "hosts/host.hpp"
#include "publish/cargo_runner.hpp"
#include "publish/publish_plan.hpp"
#include "publish/retry_policy.hpp"
#include "publish/workspace.hpp"

namespace ca {

struct PublishTarget {
  std::string registry;
  std::optional<std::string> sparse_index;  // fetch base ("http(s)://.../"); nullopt: git index
  std::optional<Secret> token;
};

struct PublishReport {
  std::vector<PackageResult> packages;  // in publish order
  int cargo_runs = 0;                   // how many times `cargo publish` ran
  [[nodiscard]] bool ok() const;
};

class Publisher {
 public:
  Publisher(const Workspace& workspace, std::vector<std::string> order, PublishTarget target,
            const PublishSettings& settings, const CargoRunner& cargo, bool multi_package, Host& host);
  PublishReport run();

 private:
  // Queries the index for names, retrying retryable failures within the policy.
  // nullopt (and the failure in last_failure_) when it could not.
  std::optional<std::map<std::string, std::set<std::string>>> existing_versions(
      const std::vector<std::string>& names);
  // Publishes one batch until it is all there or fails for good; false on failure.
  bool publish_batch(std::vector<std::string> batch);
  bool wait_before_retry(int attempts, const Failure& failure);
  void settle_from_index(const std::vector<std::string>& batch, const std::vector<std::string>& uploading,
                         std::vector<std::string>& still_missing);
  void fail(const std::string& name, const std::string& note);
  // For packages the index already holds: skipped when the index's cksum is the
  // .crate cargo would upload, else failed. False when any failed.
  bool confirm_already_there(const std::vector<std::string>& names);
  void not_attempted(const std::vector<std::string>& names, const std::string& note);
  PackageResult& result(const std::string& name);

  const Workspace& workspace_;
  std::vector<std::string> order_;
  PublishTarget target_;
  const PublishSettings& settings_;
  const CargoRunner& cargo_;
  bool multi_package_;
  Host& host_;
  RetryPolicy policy_;
  PublishReport report_;
  std::optional<Failure> last_failure_;
  std::map<std::string, std::map<std::string, std::string>> index_checksums_;  // from the last index query
};

}  // namespace ca
