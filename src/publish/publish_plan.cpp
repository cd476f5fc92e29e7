#include "publish/publish_plan.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "publish/index_query.hpp"
#include "util/strings.hpp"

namespace ca {

std::string choose_publish_registry(const std::optional<std::string>& requested,
                                    const std::optional<std::string>& default_registry,
                                    const Workspace& workspace, const std::vector<std::string>& packages) {
  if (requested && !requested->empty()) return *requested;
  if (default_registry && !default_registry->empty()) return *default_registry;
  std::set<std::string> named;
  bool every_single = true;
  for (const auto& member : workspace.members) {
    if (!packages.empty() && std::find(packages.begin(), packages.end(), member.name) == packages.end())
      continue;
    if (!member.publish || member.publish->empty()) continue;
    if (member.publish->size() != 1) every_single = false;
    named.insert(member.publish->begin(), member.publish->end());
  }
  if (every_single && named.size() == 1) return *named.begin();
  const std::string which = named.empty() ? std::string("no registry is named by `publish` in Cargo.toml")
                                          : "the packages name " + join({named.begin(), named.end()}, ", ");
  throw Error("cannot tell which registry to publish to: " + which +
              " and registry.default is not set. Pass --registry NAME (Azure: the publishRegistry input).");
}

std::vector<std::string> select_packages(const Workspace& workspace,
                                         const std::vector<std::string>& requested,
                                         const std::string& registry) {
  std::vector<std::string> selected;
  if (!requested.empty()) {
    for (const auto& name : requested) {
      const WorkspacePackage* member = workspace.find(name);
      if (member == nullptr) {
        std::vector<std::string> names;
        for (const auto& m : workspace.members) names.push_back(m.name);
        throw Error("package '" + name +
                    "' is not a member of this workspace (members: " + join(names, ", ") + ")");
      }
      if (!member->publishable_to(registry)) {
        throw Error("package '" + name + "' may not be published to '" + registry +
                    "': its Cargo.toml `publish` field does not allow it");
      }
      if (std::find(selected.begin(), selected.end(), name) == selected.end()) selected.push_back(name);
    }
    return selected;
  }
  for (const auto& member : workspace.members) {
    if (member.publishable_to(registry)) selected.push_back(member.name);
  }
  return selected;
}

std::vector<std::string> publish_order(const Workspace& workspace, const std::vector<std::string>& selected) {
  const std::set<std::string> chosen(selected.begin(), selected.end());
  std::vector<std::string> order;
  std::set<std::string> done;
  // Repeated passes in metadata order keep the result stable and readable;
  // workspaces are small, so O(n^2) is fine.
  while (order.size() < chosen.size()) {
    bool progressed = false;
    for (const auto& member : workspace.members) {
      if (chosen.count(member.name) == 0 || done.count(member.name) != 0) continue;
      const bool ready =
          std::all_of(member.member_dependencies.begin(), member.member_dependencies.end(),
                      [&](const std::string& dep) { return chosen.count(dep) == 0 || done.count(dep) != 0; });
      if (!ready) continue;
      order.push_back(member.name);
      done.insert(member.name);
      progressed = true;
    }
    if (!progressed) {
      std::vector<std::string> stuck;
      for (const auto& name : selected) {
        if (done.count(name) == 0) stuck.push_back(name);
      }
      throw Error(
          "the packages " + join(stuck, ", ") +
          " depend on each other in a cycle; cargo cannot publish them (remove the cycle's path dependency)");
    }
  }
  return order;
}

std::string outcome_label(PackageOutcome outcome, bool dry_run) {
  switch (outcome) {
    case PackageOutcome::kPublished:
      return dry_run ? "verified (dry run)" : "published";
    case PackageOutcome::kSkipped:
      return "skipped (already there)";
    case PackageOutcome::kFailed:
      return "failed";
    case PackageOutcome::kNotAttempted:
      return "not published";
    case PackageOutcome::kPending:
      break;
  }
  return "pending";
}

std::vector<std::string> missing_packages(
    const Workspace& workspace, const std::vector<std::string>& order,
    const std::map<std::string, std::set<std::string>>& index_versions) {
  std::vector<std::string> missing;
  for (const auto& name : order) {
    const WorkspacePackage* member = workspace.find(name);
    if (member == nullptr) continue;
    const auto found = index_versions.find(name);
    const bool present =
        found != index_versions.end() && found->second.count(release_version(member->version)) != 0;
    if (!present) missing.push_back(name);
  }
  return missing;
}

}  // namespace ca
