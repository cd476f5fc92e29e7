#include "publish/workspace.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.hpp"
#include "platform/process.hpp"
#include "util/strings.hpp"
#include "util/utf8_path.hpp"

namespace ca {
namespace {

std::string string_field(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool WorkspacePackage::publishable_to(std::string_view registry) const {
  if (!publish) return true;
  return std::find(publish->begin(), publish->end(), registry) != publish->end();
}

const WorkspacePackage* Workspace::find(std::string_view name) const {
  for (const auto& member : members) {
    if (member.name == name) return &member;
  }
  return nullptr;
}

Workspace parse_workspace_metadata(std::string_view metadata_json) {
  const auto metadata = nlohmann::json::parse(metadata_json, nullptr, false);
  if (!metadata.is_object() || !metadata.contains("packages") || !metadata["packages"].is_array()) {
    throw Error("cargo metadata did not print the expected JSON (no `packages` array)", ExitCode::kFailed);
  }
  std::set<std::string> member_ids;
  if (const auto ids = metadata.find("workspace_members"); ids != metadata.end() && ids->is_array()) {
    for (const auto& id : *ids) {
      if (id.is_string()) member_ids.insert(id.get<std::string>());
    }
  }
  Workspace workspace;
  std::set<std::string> member_names;
  for (const auto& package : metadata["packages"]) {
    if (!package.is_object()) continue;
    if (!member_ids.empty() && member_ids.count(string_field(package, "id")) == 0) continue;
    WorkspacePackage member;
    member.name = string_field(package, "name");
    member.version = string_field(package, "version");
    member.manifest_path = string_field(package, "manifest_path");
    if (member.name.empty() || member.version.empty()) {
      throw Error("cargo metadata listed a package without name or version", ExitCode::kFailed);
    }
    if (const auto publish = package.find("publish"); publish != package.end() && publish->is_array()) {
      member.publish.emplace();
      for (const auto& registry : *publish) {
        if (registry.is_string()) member.publish->push_back(registry.get<std::string>());
      }
    }
    member_names.insert(member.name);
    workspace.members.push_back(std::move(member));
  }
  // Second pass: path dependencies on other members (normal and build kinds).
  std::size_t index = 0;
  for (const auto& package : metadata["packages"]) {
    if (!package.is_object()) continue;
    if (!member_ids.empty() && member_ids.count(string_field(package, "id")) == 0) continue;
    WorkspacePackage& member = workspace.members[index++];
    const auto deps = package.find("dependencies");
    if (deps == package.end() || !deps->is_array()) continue;
    for (const auto& dep : *deps) {
      if (!dep.is_object() || string_field(dep, "path").empty()) continue;
      if (string_field(dep, "kind") == "dev") continue;
      const std::string name = string_field(dep, "name");
      if (member_names.count(name) == 0 || name == member.name) continue;
      if (std::find(member.member_dependencies.begin(), member.member_dependencies.end(), name) ==
          member.member_dependencies.end()) {
        member.member_dependencies.push_back(name);
      }
    }
  }
  return workspace;
}

Workspace load_workspace(const std::filesystem::path& directory, const EnvMap& env) {
  ChildSpec spec;
  spec.argv = {"cargo", "metadata", "--format-version", "1", "--no-deps"};
  spec.env = env;
  spec.directory = directory;
  std::string out;
  std::string err;
  const ChildResult result = run_child_lines(spec, [&](ChildStream stream, std::string_view line) {
    (stream == ChildStream::kStdout ? out : err).append(line).push_back('\n');
  });
  if (!result.started()) {
    throw Error("cannot run cargo: " + result.spawn_error + ". Install Rust (rustup) or put cargo on PATH.",
                ExitCode::kFailed);
  }
  if (result.status != 0) {
    throw Error("`cargo metadata` failed in " + path_text(directory) + ":\n" + trim(err), ExitCode::kFailed);
  }
  return parse_workspace_metadata(out);
}

}  // namespace ca
