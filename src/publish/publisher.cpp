#include "publish/publisher.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <regex>
#include <thread>

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
    if (!query.failure) return std::move(query.versions);
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
  for (const auto& name : batch) {
    if (contains(still_missing, name)) continue;
    PackageResult& r = result(name);
    // Present now: ours when cargo sent it (an upload can land and still answer 5xx),
    // else someone else's meanwhile.
    r.outcome = contains(uploading, name) ? PackageOutcome::kPublished : PackageOutcome::kSkipped;
  }
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
    if (target_.sparse_index && !settings_.dry_run) {
      settle_from_index(batch, uploading_packages(run.output), still);
    } else if (failure.kind == FailureKind::kAlreadyExists && batch.size() == 1) {
      PackageResult& r = result(batch.front());
      r.outcome = PackageOutcome::kSkipped;
      r.note = "cargo reported that this version already exists";
      still.clear();
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
      for (const auto& name : order_)
        fail(name, "could not ask the registry's index which versions exist: " + reason);
      return report_;
    }
    pending = missing_packages(workspace_, order_, *existing);
    for (const auto& name : order_) {
      if (!contains(pending, name)) result(name).outcome = PackageOutcome::kSkipped;
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
