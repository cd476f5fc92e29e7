// What `auth` hands to later steps, decided against the host's rules before
// anything is set (commands/export_plan.hpp), with a host whose hidden names
// the test chooses.
#include "commands/export_plan.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ca {
namespace {

class HidingHost : public Host {
 public:
  explicit HidingHost(std::set<std::string> hidden) : hidden_(std::move(hidden)) {}
  [[nodiscard]] HostKind kind() const override { return HostKind::kAzure; }
  void mask(const Secret&) override {}
  bool export_variable(const std::string&, const std::string&) override { return true; }
  bool export_secret(const std::string&, const Secret&) override { return true; }
  [[nodiscard]] bool later_steps_see(const std::string& name) const override { return !hidden_.count(name); }
  void info(std::string_view) override {}
  void warning(std::string_view, const SourceLocation&) override {}
  void error(std::string_view, const SourceLocation&) override {}
  void debug(std::string_view) override {}
  void begin_group(std::string_view) override {}
  void end_group() override {}
  void complete(Outcome, std::string_view) override {}

 private:
  std::set<std::string> hidden_;
};

Authentication one_registry(const std::string& name) {
  Authentication auth;
  Resolution r;
  r.registry.name = name;
  r.verdict = Resolution::Verdict::kAuthenticated;
  r.credential = Credential{Secret("tkn-plan-1"), "test"};
  auth.resolutions.push_back(r);
  return auth;
}

TEST(ExportPlan, VisibleNamesGetTheTokenVariableAndCargoToken) {
  const auto plan = plan_exports(one_registry("feed"), HidingHost({}), "/bin/ca");
  ASSERT_TRUE(plan.errors.empty());
  ASSERT_EQ(plan.variables.size(), 2U);
  EXPECT_EQ(plan.variables[0].name, "CARGO_REGISTRIES_FEED_TOKEN");
  EXPECT_TRUE(plan.variables[0].secret);
  EXPECT_EQ(plan.variables[1].value.reveal(), "cargo:token");
}

TEST(ExportPlan, AHiddenTokenNameGoesThroughTheProvider) {
  const auto plan =
      plan_exports(one_registry("feed"), HidingHost({"CARGO_REGISTRIES_FEED_TOKEN"}), "/bin/ca");
  ASSERT_TRUE(plan.errors.empty());
  ASSERT_EQ(plan.variables.size(), 2U);
  EXPECT_EQ(plan.variables[0].name, "CARGO_AUTHENTICATE_CARGO_REGISTRIES_FEED_TOKEN");
  EXPECT_EQ(plan.variables[0].value.reveal(), "tkn-plan-1");
  EXPECT_EQ(plan.variables[1].name, "CARGO_REGISTRIES_FEED_CREDENTIAL_PROVIDER");
  EXPECT_EQ(plan.variables[1].value.reveal(),
            "/bin/ca credential-provider --token-variable CARGO_AUTHENTICATE_CARGO_REGISTRIES_FEED_TOKEN");
  EXPECT_EQ(plan.via_provider, std::vector<std::string>{"feed"});
}

TEST(ExportPlan, ATakenCarrierNameMovesToTheNextFreeOne) {
  const auto plan = plan_exports(
      one_registry("feed"),
      HidingHost({"CARGO_REGISTRIES_FEED_TOKEN", "CARGO_AUTHENTICATE_CARGO_REGISTRIES_FEED_TOKEN"}),
      "/bin/ca");
  ASSERT_TRUE(plan.errors.empty());
  EXPECT_EQ(plan.variables[0].name, "CARGO_AUTHENTICATE_CARGO_REGISTRIES_FEED_TOKEN_2");
}

TEST(ExportPlan, NoWayToLaterStepsIsAnErrorAndExportsNothing) {
  for (const auto& [hidden, binary] : std::vector<std::pair<std::set<std::string>, std::string>>{
           {{"CARGO_REGISTRIES_FEED_TOKEN"}, "/opt/my agent/ca"},
           {{"CARGO_REGISTRIES_FEED_TOKEN"}, ""},
           {{"CARGO_REGISTRIES_FEED_CREDENTIAL_PROVIDER"}, "/bin/ca"}}) {
    const auto plan = plan_exports(one_registry("feed"), HidingHost(hidden), binary);
    EXPECT_TRUE(plan.variables.empty()) << binary;
    ASSERT_EQ(plan.errors.size(), 1U) << binary;
    EXPECT_EQ(plan.errors[0].find("tkn-plan-1"), std::string::npos);
  }
}

}  // namespace
}  // namespace ca
