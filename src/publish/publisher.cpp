#include "publish/publisher.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <regex>
#include <thread>

#include "check/rejection_causes.hpp"
#include "publish/index_query.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string seconds_text(double seconds) {
  const double rounded = std::round(seconds * 10) / 10;
  std::string text = std::to_string(rounded);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text + " s";
}

// The package cargo was working on when it failed: the last one it reported
// uploading, verifying or packaging among those still missing.
std::string culprit(const std::string& output, const std::vector<std::string>& missing) {
  static const std::regex step(R"(^\s*(?:Uploading|Verifying|Packaging)\s+(\S+)\s+v\S+)");
  std::string found;
  for (const auto& line : split_list(output, "\n")) {
    std::smatch match;
    if (std::regex_search(line, match, step) && contains(missing, match[1].str())) found = match[1].str();
  }
  return found.empty() ? missing.front() : found;
}

}  // namespace

bool PublishReport::ok() const {
  return std::all_of(packages.begin(), packages.end(), [](const PackageResult& p) {
    return p.outcome == PackageOutcome::kPublished || p.outcome == PackageOutcome::kSkipped;
  });
}

Publisher::Publisher(const Workspace& workspace, std::vector<std::string> order, PublishTarget target,
                     const PublishSettings& settings, const CargoRunner& cargo, bool multi_package,
                     Host& host)
    : workspace_(workspace),
      order_(std::move(order)),
      target_(std::move(target)),
      settings_(settings),
      cargo_(cargo),
      multi_package_(multi_package),
      host_(host),
      policy_(settings.max_attempts, settings.max_retry_seconds) {
  for (const auto& name : order_) {
    const WorkspacePackage* member = workspace_.find(name);
    report_.packages.push_back(
        {name, member != nullptr ? member->version : std::string(), PackageOutcome::kPending, {}});
  }
}

PackageResult& Publisher::result(const std::string& name) {
  for (auto& r : report_.packages) {
    if (r.name == name) return r;
  }
  report_.packages.push_back({name, {}, PackageOutcome::kPending, {}});
  return report_.packages.back();
}

void Publisher::fail(const std::string& name, const std::string& note) {
  PackageResult& r = result(name);
  r.outcome = PackageOutcome::kFailed;
  r.note = note;
}

bool Publisher::wait_before_retry(int attempts, const Failure& failure) {
  const auto wait = policy_.next_wait(attempts, failure.retry_after_seconds);
  if (!wait) return false;
  host_.warning(failure.reason + ": trying again in " + seconds_text(*wait) + " (attempt " +
                std::to_string(attempts + 1) + " of " + std::to_string(policy_.max_attempts()) + ")");
  std::this_thread::sleep_for(std::chrono::duration<double>(*wait));
  policy_.spend(*wait);
  return true;
}

std::optional<std::map<std::string, std::set<std::string>>> Publisher::existing_versions(
    const std::vector<std::string>& names) {
  for (int attempts = 1;; ++attempts) {
    IndexQuery query = query_index(*target_.sparse_index, names, target_.token);
    if (!query.failure) {
      for (auto& [name, checksums] : query.checksums) index_checksums_[name] = std::move(checksums);
      return std::move(query.versions);
    }
    last_failure_ = query.failure;
    if (query.failure->kind != FailureKind::kRetryable || !wait_before_retry(attempts, *query.failure)) {
      return std::nullopt;
    }
  }
}

void Publisher::settle_from_index(const std::vector<std::string>& batch,
                                  const std::vector<std::string>& uploading,
                                  std::vector<std::string>& still_missing) {
  still_missing = batch;
  const auto existing = existing_versions(batch);
  if (!existing) return;  // unknown: keep everything pending; the next try asks again
  still_missing = missing_packages(workspace_, batch, *existing);
  std::vector<std::string> someone_elses;
  for (const auto& name : batch) {
    if (contains(still_missing, name)) continue;
    // Present now: ours when cargo sent it (an upload can land and still answer 5xx),
    // else someone else's meanwhile, which counts as skipped only with our bytes.
    if (contains(uploading, name)) {
      result(name).outcome = PackageOutcome::kPublished;
    } else {
      someone_elses.push_back(name);
    }
  }
  confirm_already_there(someone_elses);
}

void Publisher::not_attempted(const std::vector<std::string>& names, const std::string& note) {
  for (const auto& name : names) {
    PackageResult& r = result(name);
    if (r.outcome != PackageOutcome::kPending) continue;
    r.outcome = PackageOutcome::kNotAttempted;
    r.note = note;
  }
}

bool Publisher::confirm_already_there(const std::vector<std::string>& names) {
  if (names.empty()) return true;
  std::vector<std::pair<std::string, std::string>> packages;
  for (const auto& name : names) {
    const WorkspacePackage* member = workspace_.find(name);
    packages.emplace_back(name, member != nullptr ? member->version : std::string());
  }
  const PackageChecksums ours = cargo_.package_checksums(settings_, target_.registry, packages);
  bool all_same = true;
  for (const auto& [name, version] : packages) {
    PackageResult& r = result(name);
    const auto& in_index = index_checksums_[name];
    const auto theirs = in_index.find(release_version(version));
    const auto mine = ours.sha256.find(name);
    if (theirs != in_index.end() && mine != ours.sha256.end() && theirs->second == mine->second) {
      r.outcome = PackageOutcome::kSkipped;
      r.note = "the index has this version with the same checksum";
      continue;
    }
    all_same = false;
    if (mine == ours.sha256.end()) {
      fail(name, "version " + version + " is in the index of `" + target_.registry +
                     "`, but whether it holds this package could not be checked: " +
                     (ours.error.empty() ? std::string("`cargo package` made no .crate") : ours.error));
    } else if (theirs == in_index.end()) {
      fail(name, "version " + version + " is in the index of `" + target_.registry +
                     "` without a checksum, so it cannot be confirmed to be this package");
    } else {
      fail(name, "version " + version + " is already in `" + target_.registry +
                     "` with other contents (index cksum " + theirs->second.substr(0, 12) +
                     "..., this package " + mine->second.substr(0, 12) +
                     "...). Bump the version in Cargo.toml to publish these changes.");
    }
  }
  return all_same;
}

bool Publisher::publish_batch(std::vector<std::string> batch) {
  for (int attempts = 1;; ++attempts) {
    const CargoRun run = cargo_.publish(settings_, target_.registry, batch);
    ++report_.cargo_runs;
    if (run.ok()) {
      for (const auto& name : batch) result(name).outcome = PackageOutcome::kPublished;
      return true;
    }
    if (!run.spawn_error.empty()) {
      for (const auto& name : batch) fail(name, "cargo could not be started: " + run.spawn_error);
      return false;
    }
    Failure failure = classify_cargo_failure(run.output);
    std::vector<std::string> still = batch;
    if (target_.sparse_index) {
      // A dry run uploads nothing, whatever cargo printed before stopping.
      settle_from_index(
          batch, settings_.dry_run ? std::vector<std::string>{} : uploading_packages(run.output), still);
    } else if (failure.kind == FailureKind::kAlreadyExists) {
      // Cargo's words are not the registry's: a git index cannot be read here to
      // confirm the version and its checksum, so this is a failure, not a skip.
      fail(culprit(run.output, batch),
           "cargo says this version already exists in `" + target_.registry +
               "`, but its git index cannot be read to confirm it holds this package; bump the version, "
               "or use the registry's sparse index: " +
               cargo_error_message(run.output));
      not_attempted(batch, "not published: an earlier package failed");
      return false;
    }
    if (std::any_of(batch.begin(), batch.end(), [&](const std::string& name) {
          return result(name).outcome == PackageOutcome::kFailed;
        })) {
      not_attempted(still, "not published: an earlier package failed");
      return false;
    }
    if (still.empty()) return true;
    batch = still;
    // The index did not show a version cargo found: a stale index cache. Asking again later helps.
    if (failure.kind == FailureKind::kAlreadyExists) failure.kind = FailureKind::kRetryable;

    const std::string message = cargo_error_message(run.output);
    const bool retry = failure.kind == FailureKind::kRetryable && wait_before_retry(attempts, failure);
    if (retry) continue;
    const std::string stuck = culprit(run.output, batch);
    std::string note = failure.kind == FailureKind::kRetryable
                           ? failure.reason + ", still failing after " + std::to_string(attempts) +
                                 (attempts == 1 ? " attempt" : " attempts") + ": " + message
                           : message;
    fail(stuck, note);
    for (const auto& name : batch) {
      if (name == stuck) continue;
      PackageResult& r = result(name);
      r.outcome = PackageOutcome::kNotAttempted;
      r.note = "not published because " + stuck + " failed";
    }
    return false;
  }
}

PublishReport Publisher::run() {
  std::vector<std::string> pending = order_;
  if (target_.sparse_index) {
    const auto existing = existing_versions(order_);
    if (!existing) {
      const std::string reason = last_failure_ ? last_failure_->reason : std::string("unknown error");
      // A refused token is the user's to fix: say so, with the registry's URL, not a crate's.
      const std::string message =
          last_failure_ && last_failure_->rejected_status != 0
              ? "the registry at " + *target_.sparse_index + " rejected the token (HTTP " +
                    std::to_string(last_failure_->rejected_status) + "). " +
                    rejection_causes(last_failure_->rejected_status, *target_.sparse_index)
              : "could not ask the registry's index which versions exist: " + reason;
      for (const auto& name : order_) fail(name, message);
      return report_;
    }
    pending = missing_packages(workspace_, order_, *existing);
    std::vector<std::string> present;
    for (const auto& name : order_) {
      if (!contains(pending, name)) present.push_back(name);
    }
    if (!confirm_already_there(present)) {
      not_attempted(pending, "not published: a version already in the registry differs from this workspace");
      return report_;
    }
    if (pending.empty()) {
      host_.info("Every version is already in registry `" + target_.registry + "`: nothing to publish.");
      return report_;
    }
  }
  std::vector<std::vector<std::string>> batches;
  if (multi_package_ && target_.sparse_index) {
    batches.push_back(pending);
  } else {
    for (const auto& name : pending) batches.push_back({name});
  }
  for (std::size_t i = 0; i < batches.size(); ++i) {
    if (publish_batch(batches[i])) continue;
    for (std::size_t j = i + 1; j < batches.size(); ++j) {
      for (const auto& name : batches[j]) {
        PackageResult& r = result(name);
        r.outcome = PackageOutcome::kNotAttempted;
        r.note = "not published: an earlier package failed";
      }
    }
    break;
  }
  return report_;
}

}  // namespace ca
