// CNB rules: set-output lines and plain lines that cannot forge one, plugin
// settings (PLUGIN_*) into Options, and which registries CNB_TOKEN may reach.
#include <gtest/gtest.h>

#include "config/index_url.hpp"
#include "core/error.hpp"
#include "credentials/cnb_token_source.hpp"
#include "hosts/cnb/cnb_commands.hpp"
#include "hosts/cnb/cnb_settings.hpp"

namespace ca {
namespace {

TEST(CnbCommands, SetOutputKeepsTheValueOnOneLine) {
  EXPECT_EQ(cnb::set_output("registries", "a,b"), "##[set-output registries=a,b]");
  EXPECT_EQ(cnb::set_output("x", "1\n##[set-output y=2]"), "##[set-output x=1\\n##[set-output y=2]]");
  EXPECT_FALSE(cnb::set_output("bad key", "v"));
  EXPECT_FALSE(cnb::set_output("a]b", "v"));
  EXPECT_FALSE(cnb::set_output("", "v"));
}

TEST(CnbCommands, PlainLinesCannotForgeASetOutput) {
  const std::string line = cnb::plain_line("##[set-output token=x]");
  EXPECT_NE(line.rfind("##[", 0), 0U);
  EXPECT_EQ(line.find("##["), std::string::npos);
  EXPECT_EQ(cnb::plain_line("a\nb\rc"), "a\\nb\\rc");
}

Environment plugin_env(EnvMap extra) {
  EnvMap vars{{"CNB", "true"}, {"CNB_BUILD_WORKSPACE", "/workspace"}};
  vars.insert(extra.begin(), extra.end());
  return Environment(vars);
}

TEST(CnbSettings, DefaultsToPublishInTheWorkspace) {
  const Options o = options_from_cnb_settings(plugin_env({}));
  EXPECT_EQ(o.command, Command::kPublish);
  EXPECT_EQ(o.host, HostKind::kCnb);
  EXPECT_EQ(o.working_directory, "/workspace");
  EXPECT_TRUE(o.discover);
  EXPECT_TRUE(o.publish.allow_dirty);
  EXPECT_FALSE(o.token_setting_variable);
}

TEST(CnbSettings, ReadsEverySetting) {
  const Options o =
      options_from_cnb_settings(plugin_env({{"PLUGIN_COMMAND", "login"},
                                            {"PLUGIN_CONFIG", ".cargo/config.toml,/etc/extra.toml"},
                                            {"PLUGIN_REGISTRIES", "cnb-repo,other"},
                                            {"PLUGIN_REGISTRY", "cnb-repo"},
                                            {"PLUGIN_TOKEN", "tkn-x"},
                                            {"PLUGIN_TOKEN_REGISTRIES", "other"},
                                            {"PLUGIN_PACKAGES", "a,b"},
                                            {"PLUGIN_DRY_RUN", "true"},
                                            {"PLUGIN_ALLOW_DIRTY", "false"},
                                            {"PLUGIN_NO_VERIFY", "TRUE"},
                                            {"PLUGIN_ARGS", "--features x --locked"},
                                            {"PLUGIN_WORKING_DIRECTORY", "crates"},
                                            {"PLUGIN_VERIFY", "true"},
                                            {"PLUGIN_DEBUG", "true"}}));
  EXPECT_EQ(o.command, Command::kLogin);
  ASSERT_EQ(o.config_files.size(), 2U);
  EXPECT_EQ(o.config_files[0], "/workspace/crates/.cargo/config.toml");
  EXPECT_EQ(o.config_files[1], "/etc/extra.toml");
  EXPECT_FALSE(o.discover);
  EXPECT_EQ(o.registry_names, (std::vector<std::string>{"cnb-repo", "other"}));
  EXPECT_EQ(o.publish.registry, "cnb-repo");
  EXPECT_EQ(o.token_setting_variable, std::string(kCnbTokenSetting));  // the name, never the value
  EXPECT_EQ(o.token_setting_registries, (std::vector<std::string>{"other"}));
  EXPECT_EQ(o.publish.packages, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(o.publish.dry_run);
  EXPECT_FALSE(o.publish.allow_dirty);
  EXPECT_TRUE(o.publish.no_verify);
  EXPECT_EQ(o.publish.extra_args, (std::vector<std::string>{"--features", "x", "--locked"}));
  EXPECT_EQ(o.working_directory, "/workspace/crates");
  EXPECT_EQ(o.publish.working_directory, "/workspace/crates");
  EXPECT_TRUE(o.verify);
  EXPECT_TRUE(o.debug);
}

TEST(CnbSettings, RejectsAnUnknownCommandAndANonBoolean) {
  EXPECT_THROW(options_from_cnb_settings(plugin_env({{"PLUGIN_COMMAND", "deploy"}})), Error);
  try {
    options_from_cnb_settings(plugin_env({{"PLUGIN_DRY_RUN", "maybe"}}));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("settings.dry_run"), std::string::npos);
  }
}

TEST(CnbToken, ReachesOnlyRegistriesOfThisInstance) {
  const Environment env(
      EnvMap{{"CNB_WEB_ENDPOINT", "https://cnb.cool"}, {"CNB_API_ENDPOINT", "https://api.cnb.cool"}});
  EXPECT_TRUE(
      hosted_on_cnb_instance(parse_index_url("sparse+https://cargo.cnb.cool/org/repo/-/packages/"), env));
  EXPECT_TRUE(hosted_on_cnb_instance(parse_index_url("sparse+https://cnb.cool/org/cargo/"), env));
  EXPECT_TRUE(hosted_on_cnb_instance(parse_index_url("sparse+https://api.cnb.cool/x/"), env));
  EXPECT_FALSE(hosted_on_cnb_instance(parse_index_url("sparse+https://evilcnb.cool/x/"), env));
  EXPECT_FALSE(hosted_on_cnb_instance(parse_index_url("sparse+https://cnb.cool.evil.com/x/"), env));
  EXPECT_FALSE(hosted_on_cnb_instance(parse_index_url("sparse+https://index.crates.io/"), env));
}

TEST(CnbToken, SelfHostedInstancesUseTheirOwnEndpoints) {
  const Environment env(EnvMap{{"CNB_WEB_ENDPOINT", "https://cnb.example.com"},
                               {"CNB_API_ENDPOINT", "https://api.cnb.example.com"}});
  EXPECT_TRUE(hosted_on_cnb_instance(parse_index_url("sparse+https://cargo.cnb.example.com/g/r/"), env));
  EXPECT_FALSE(hosted_on_cnb_instance(parse_index_url("sparse+https://cargo.cnb.cool/g/r/"), env));
}

}  // namespace
}  // namespace ca
