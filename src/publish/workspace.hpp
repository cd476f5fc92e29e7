#pragma once
// The workspace as `cargo metadata --format-version 1 --no-deps` describes it:
// each member's name, version, where it may be published, and which other
// members it depends on by path (the edges that decide publish order).
//
// Dev-dependencies do not order publishing: cargo strips path-only ones and
// they commonly form cycles (a dev-depends on b, b depends on a).
// parse_workspace_metadata() throws ca::Error when the JSON is not cargo's.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/environment.hpp"

namespace ca {

struct WorkspacePackage {
  std::string name;
  std::string version;
  // nullopt: `publish` not set (anywhere); empty: `publish = false`.
  std::optional<std::vector<std::string>> publish;
  std::vector<std::string> member_dependencies;  // names of members it needs first
  std::filesystem::path manifest_path;

  // Whether `cargo publish --registry <registry>` may publish it.
  [[nodiscard]] bool publishable_to(std::string_view registry) const;
};

struct Workspace {
  std::vector<WorkspacePackage> members;  // in metadata order
  [[nodiscard]] const WorkspacePackage* find(std::string_view name) const;
};

Workspace parse_workspace_metadata(std::string_view metadata_json);

// Runs cargo metadata in `directory` with the given environment; throws
// ca::Error with cargo's own message when it fails.
Workspace load_workspace(const std::filesystem::path& directory, const EnvMap& env);

}  // namespace ca
