#pragma once
// What to publish, where, and in which order.
//
// - choose_publish_registry: --registry, else registry.default, else the one
//   registry every selected package's `publish = ["x"]` names; else ca::Error
//   telling the user to pass --registry.
// - select_packages: the packages given with -p (each must be a member that may
//   go to the registry), else every member publishable there.
// - publish_order: dependencies first (topological over path dependencies
//   between selected members), otherwise metadata order; ca::Error on a cycle.
// - The per-package results a run reports in its final table.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "publish/workspace.hpp"

namespace ca {

std::string choose_publish_registry(const std::optional<std::string>& requested,
                                    const std::optional<std::string>& default_registry,
                                    const Workspace& workspace, const std::vector<std::string>& packages);

std::vector<std::string> select_packages(const Workspace& workspace,
                                         const std::vector<std::string>& requested,
                                         const std::string& registry);

std::vector<std::string> publish_order(const Workspace& workspace, const std::vector<std::string>& selected);

enum class PackageOutcome { kPending, kPublished, kSkipped, kFailed, kNotAttempted };

struct PackageResult {
  std::string name;
  std::string version;
  PackageOutcome outcome = PackageOutcome::kPending;
  std::string note;  // why it failed or was not attempted
};

std::string outcome_label(PackageOutcome outcome, bool dry_run);

// The packages of `order` whose version the index does not hold yet.
std::vector<std::string> missing_packages(const Workspace& workspace, const std::vector<std::string>& order,
                                          const std::map<std::string, std::set<std::string>>& index_versions);

}  // namespace ca
