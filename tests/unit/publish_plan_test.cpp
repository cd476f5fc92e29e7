// Rules of `publish`: the workspace model read from cargo metadata JSON, which
// registry is chosen, which packages, and the order they are published in.
#include "publish/publish_plan.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "publish/workspace.hpp"

namespace ca {
namespace {

WorkspacePackage package(std::string name, std::vector<std::string> deps = {},
                         std::optional<std::vector<std::string>> publish = std::nullopt) {
  WorkspacePackage p;
  p.name = std::move(name);
  p.version = "0.1.0";
  p.member_dependencies = std::move(deps);
  p.publish = std::move(publish);
  return p;
}

// The shape of `cargo metadata --format-version 1 --no-deps` (cargo 1.95), trimmed.
constexpr const char* kMetadata = R"({
  "packages": [
    {"name": "app", "version": "0.2.0", "id": "path+file:///w/app#0.2.0", "publish": null,
     "manifest_path": "/w/app/Cargo.toml",
     "dependencies": [
       {"name": "core-lib", "req": "^0.1.0", "kind": null, "path": "/w/core", "registry": "sparse+http://x/"},
       {"name": "helper", "req": "*", "kind": "dev", "path": "/w/helper"},
       {"name": "serde", "req": "^1", "kind": null, "source": "registry+https://github.com/rust-lang/crates.io-index"}
     ]},
    {"name": "core-lib", "version": "0.1.0+build.5", "id": "path+file:///w/core#core-lib@0.1.0+build.5",
     "publish": ["local"], "manifest_path": "/w/core/Cargo.toml",
     "dependencies": [{"name": "gen", "req": "^0.1", "kind": "build", "path": "/w/gen"}]},
    {"name": "gen", "version": "0.1.0", "id": "path+file:///w/gen#0.1.0", "publish": ["local", "other"],
     "manifest_path": "/w/gen/Cargo.toml", "dependencies": []},
    {"name": "helper", "version": "0.1.0", "id": "path+file:///w/helper#0.1.0", "publish": [],
     "manifest_path": "/w/helper/Cargo.toml",
     "dependencies": [{"name": "app", "req": "*", "kind": null, "path": "/w/app"}]}
  ],
  "workspace_members": ["path+file:///w/app#0.2.0", "path+file:///w/core#core-lib@0.1.0+build.5",
                        "path+file:///w/gen#0.1.0", "path+file:///w/helper#0.1.0"]
})";

TEST(WorkspaceMetadata, ReadsMembersPublishFieldsAndPathDependencies) {
  const Workspace ws = parse_workspace_metadata(kMetadata);
  ASSERT_EQ(ws.members.size(), 4U);
  const auto* app = ws.find("app");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->version, "0.2.0");
  EXPECT_FALSE(app->publish.has_value());
  // The dev-dependency (helper) does not order publishing; crates.io deps are not members.
  EXPECT_EQ(app->member_dependencies, std::vector<std::string>{"core-lib"});
  EXPECT_EQ(ws.find("core-lib")->member_dependencies, std::vector<std::string>{"gen"});  // build deps count
  EXPECT_EQ(ws.find("helper")->publish, std::vector<std::string>{});
  EXPECT_TRUE(app->publishable_to("anything"));
  EXPECT_FALSE(ws.find("helper")->publishable_to("local"));
  EXPECT_TRUE(ws.find("gen")->publishable_to("other"));
  EXPECT_FALSE(ws.find("core-lib")->publishable_to("other"));
}

TEST(WorkspaceMetadata, RejectsJsonThatIsNotCargoMetadata) {
  EXPECT_THROW(parse_workspace_metadata("{\"x\":1}"), Error);
  EXPECT_THROW(parse_workspace_metadata("not json"), Error);
}

TEST(PublishOrder, DependenciesComeFirstWhateverTheMetadataOrder) {
  Workspace ws;
  ws.members = {package("e", {"d"}), package("d", {"c"}), package("c", {"b"}), package("b", {"a"}),
                package("a")};
  EXPECT_EQ(publish_order(ws, {"a", "b", "c", "d", "e"}),
            (std::vector<std::string>{"a", "b", "c", "d", "e"}));
}

TEST(PublishOrder, DiamondKeepsMetadataOrderAmongIndependentPackages) {
  Workspace ws;
  ws.members = {package("top", {"left", "right"}), package("right", {"base"}), package("left", {"base"}),
                package("base")};
  const auto order = publish_order(ws, {"top", "right", "left", "base"});
  EXPECT_EQ(order, (std::vector<std::string>{"base", "right", "left", "top"}));
}

TEST(PublishOrder, UnselectedDependenciesDoNotBlock) {
  Workspace ws;
  ws.members = {package("b", {"a"}), package("a")};
  EXPECT_EQ(publish_order(ws, {"b"}), std::vector<std::string>{"b"});
}

TEST(PublishOrder, ACycleIsAnErrorNamingThePackages) {
  Workspace ws;
  ws.members = {package("x", {"y"}), package("y", {"x"}), package("z")};
  try {
    publish_order(ws, {"x", "y", "z"});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("x, y"), std::string::npos) << e.what();
  }
}

TEST(PublishRegistry, FlagThenDefaultThenTheSinglePublishEntry) {
  Workspace ws;
  ws.members = {package("a", {}, std::vector<std::string>{"local"}), package("b")};
  EXPECT_EQ(choose_publish_registry(std::string("flag"), std::string("dflt"), ws, {}), "flag");
  EXPECT_EQ(choose_publish_registry(std::nullopt, std::string("dflt"), ws, {}), "dflt");
  EXPECT_EQ(choose_publish_registry(std::nullopt, std::nullopt, ws, {}), "local");
}

TEST(PublishRegistry, AmbiguousOrMissingAsksForRegistryFlag) {
  Workspace ws;
  ws.members = {package("a", {}, std::vector<std::string>{"one"}),
                package("b", {}, std::vector<std::string>{"two"})};
  try {
    choose_publish_registry(std::nullopt, std::nullopt, ws, {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--registry"), std::string::npos) << e.what();
  }
  EXPECT_EQ(choose_publish_registry(std::nullopt, std::nullopt, ws, {"b"}),
            "two");  // only the selected count
  Workspace open;
  open.members = {package("a")};
  EXPECT_THROW(choose_publish_registry(std::nullopt, std::nullopt, open, {}), Error);
}

TEST(PackageSelection, EveryPublishableMemberOrTheRequestedOnes) {
  Workspace ws;
  ws.members = {package("a"), package("never", {}, std::vector<std::string>{}),
                package("elsewhere", {}, std::vector<std::string>{"other"})};
  EXPECT_EQ(select_packages(ws, {}, "local"), std::vector<std::string>{"a"});
  EXPECT_EQ(select_packages(ws, {"a", "a"}, "local"), std::vector<std::string>{"a"});
  EXPECT_THROW(select_packages(ws, {"missing"}, "local"), Error);
  EXPECT_THROW(select_packages(ws, {"never"}, "local"), Error);
}

TEST(MissingPackages, ComparesReleaseVersionsWithoutBuildMetadata) {
  Workspace ws;
  ws.members = {package("a"), package("b"), package("c")};
  ws.members[1].version = "0.1.0+linux";
  const std::map<std::string, std::set<std::string>> index = {
      {"a", {"0.1.0"}}, {"b", {"0.1.0"}}, {"c", {"0.0.9"}}};
  EXPECT_EQ(missing_packages(ws, {"a", "b", "c"}, index), std::vector<std::string>{"c"});
}

}  // namespace
}  // namespace ca
