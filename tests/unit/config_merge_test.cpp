// Cargo's configuration rules as this tool applies them: discovery up the
// directory tree and CARGO_HOME, includes, merging (tables key by key, deeper
// wins, arrays concatenated), the environment, source replacement and the
// credential provider in effect. Real files in a temp dir; no process.
#include <gtest/gtest.h>

#include "config/config_file.hpp"
#include "config/config_loader.hpp"
#include "config/config_value.hpp"
#include "config/credential_provider_analysis.hpp"
#include "core/error.hpp"
#include "support/temp_dir.hpp"

namespace ca {
namespace {

using test::TempDir;

class ConfigMerge : public ::testing::Test {
 protected:
  TempDir dir;
  Environment env;

  void SetUp() override { env.set("CARGO_HOME", (dir.path() / "home").string()); }
  CargoConfig load(const std::string& relative_start) {
    Options options;
    options.working_directory = dir.path() / relative_start;
    std::filesystem::create_directories(options.working_directory);
    return load_cargo_config(options, env);
  }
  static ConfigValue parse(const std::string& text, const std::string& name) {
    return config_value_from_toml(toml::parse(text, name), name);
  }
};

TEST_F(ConfigMerge, TablesMergeKeyByKeyAndTheWinnerKeepsItsLocation) {
  ConfigValue low =
      parse("[registries.a]\nindex = \"sparse+https://low/\"\ncredential-provider = \"cargo:libsecret\"\n",
            "low.toml");
  ConfigValue high = parse(
      "[registries.a]\nindex = \"sparse+https://high/\"\n[registries.b]\nindex = \"sparse+https://b/\"\n",
      "high.toml");
  merge_config(low, std::move(high), true);
  const ConfigValue* index = low.find({"registries", "a", "index"});
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->text, "sparse+https://high/");
  EXPECT_EQ(index->where.file, "high.toml");
  EXPECT_EQ(index->where.line, 2);
  EXPECT_EQ(low.find({"registries", "a", "credential-provider"})->text, "cargo:libsecret");
  EXPECT_NE(low.find({"registries", "b", "index"}), nullptr);
}

TEST_F(ConfigMerge, PresentValueWinsWhenIncomingDoesNotAndArraysConcatenate) {
  ConfigValue deep = parse("x = \"deep\"\nlist = [\"d\"]\n", "deep.toml");
  merge_config(deep, parse("x = \"parent\"\nlist = [\"p\"]\n", "parent.toml"), false);
  EXPECT_EQ(deep.get("x")->text, "deep");
  ASSERT_EQ(deep.get("list")->items.size(), 2U);
  EXPECT_EQ(deep.get("list")->items[0].text, "d");
  EXPECT_EQ(deep.get("list")->items[1].text, "p");
}

TEST_F(ConfigMerge, MergingATableWithAStringIsRefusedNamingBothFiles) {
  ConfigValue a = parse("[registries.a]\nindex = \"sparse+https://a/\"\n", "a.toml");
  try {
    merge_config(a, parse("[registries]\na = \"oops\"\n", "b.toml"), true);
    FAIL() << "merged a table with a string";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("registries.a"), std::string::npos) << e.what();
    EXPECT_EQ(e.where().file, "b.toml");
  }
}

TEST_F(ConfigMerge, DeeperDirectoryWinsOverParentAndCargoHome) {
  dir.write("home/config.toml",
            "[registries.feed]\nindex = \"sparse+https://home/\"\n[registries.homeonly]\nindex = "
            "\"sparse+https://h/\"\n");
  dir.write("repo/.cargo/config.toml",
            "[registries.feed]\nindex = \"sparse+https://repo/\"\ncredential-provider = \"cargo:token\"\n");
  const auto path =
      dir.write("repo/a/b/.cargo/config.toml", "[registries.feed]\nindex = \"sparse+https://deep/\"\n");
  const CargoConfig config = load("repo/a/b/c");
  ASSERT_NE(config.find("feed"), nullptr);
  EXPECT_EQ(config.find("feed")->index.original, "sparse+https://deep/");
  EXPECT_EQ(config.find("feed")->defined_at.file, path.string());
  EXPECT_EQ(config.find("feed")->defined_at.line, 2);
  // Other keys of the same table still come from the parent.
  ASSERT_TRUE(config.find("feed")->credential_provider.has_value());
  EXPECT_NE(config.find("homeonly"), nullptr);
  ASSERT_EQ(config.files.size(), 3U);
  EXPECT_EQ(config.files.back(), path.string());
}

TEST_F(ConfigMerge, LegacyConfigWinsOverConfigTomlWithAWarning) {
  dir.write("repo/.cargo/config", "[registries.legacy]\nindex = \"sparse+https://l/\"\n");
  dir.write("repo/.cargo/config.toml", "[registries.modern]\nindex = \"sparse+https://m/\"\n");
  const CargoConfig config = load("repo");
  EXPECT_NE(config.find("legacy"), nullptr);
  EXPECT_EQ(config.find("modern"), nullptr);
  ASSERT_EQ(config.warnings.size(), 1U);
  EXPECT_NE(config.warnings[0].message.find("cargo uses"), std::string::npos);
}

TEST_F(ConfigMerge, IncludesLoadFirstRelativeToTheIncludingFileAndTheIncluderWins) {
  dir.write("repo/.cargo/shared/base.toml",
            "[registries.feed]\nindex = \"sparse+https://base/\"\n[registries.extra]\nindex = "
            "\"sparse+https://extra/\"\n");
  dir.write("repo/.cargo/config.toml",
            "include = [\"shared/base.toml\", { path = \"missing.toml\", optional = true }]\n"
            "[registries.feed]\nindex = \"sparse+https://main/\"\n");
  const CargoConfig config = load("repo");
  EXPECT_EQ(config.find("feed")->index.original, "sparse+https://main/");
  EXPECT_EQ(config.find("extra")->index.original, "sparse+https://extra/");
  ASSERT_EQ(config.files.size(), 2U);
  EXPECT_NE(config.files[0].find("base.toml"), std::string::npos);
}

TEST_F(ConfigMerge, ArrayOfIncludeTablesIsAccepted) {
  dir.write("repo/.cargo/a.toml", "[registries.a]\nindex = \"sparse+https://a/\"\n");
  dir.write("repo/.cargo/config.toml", "[[include]]\npath = \"a.toml\"\n");
  EXPECT_NE(load("repo").find("a"), nullptr);
}

TEST_F(ConfigMerge, IncludeCycleIsAnErrorAtTheIncludeLine) {
  dir.write("repo/.cargo/a.toml", "include = [\"b.toml\"]\n");
  const auto b = dir.write("repo/.cargo/b.toml", "\ninclude = [\"a.toml\"]\n");
  dir.write("repo/.cargo/config.toml", "include = [\"a.toml\"]\n");
  try {
    load("repo");
    FAIL() << "cycle accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cycle"), std::string::npos) << e.what();
    EXPECT_EQ(e.where().file, b.string());
    EXPECT_EQ(e.where().line, 2);
    EXPECT_EQ(e.code(), ExitCode::kBadInput);
  }
}

TEST_F(ConfigMerge, IncludeAsPlainStringOrWithoutTomlExtensionIsRejectedLikeCargo) {
  dir.write("repo/.cargo/a.toml", "");
  dir.write("repo/.cargo/config.toml", "include = \"a.toml\"\n");
  EXPECT_THROW(load("repo"), Error);
  dir.write("repo/.cargo/config.toml", "include = [\"a.conf\"]\n");
  EXPECT_THROW(load("repo"), Error);
  dir.write("repo/.cargo/config.toml", "include = [\"nope.toml\"]\n");
  EXPECT_THROW(load("repo"), Error);
}

TEST_F(ConfigMerge, EnvironmentDefinesRegistriesAndBeatsFiles) {
  dir.write(
      "repo/.cargo/config.toml",
      "[registries.my-feed]\nindex = \"sparse+https://file/\"\ncredential-provider = \"cargo:libsecret\"\n");
  env.set("CARGO_REGISTRIES_MY_FEED_INDEX", "sparse+https://env/");
  env.set("CARGO_REGISTRIES_ENV_ONLY_INDEX", "sparse+https://only/");
  env.set("CARGO_REGISTRIES_GHOST_CREDENTIAL_PROVIDER", "cargo:token");  // no index: defines nothing
  env.set("CARGO_REGISTRY_DEFAULT", "env_only");
  env.set("CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS", "cargo:token cargo:libsecret");
  const CargoConfig config = load("repo");
  ASSERT_NE(config.find("my-feed"), nullptr);
  EXPECT_EQ(config.find("my-feed")->index.original, "sparse+https://env/");
  EXPECT_EQ(config.find("my-feed")->defined_at.str(), "environment CARGO_REGISTRIES_MY_FEED_INDEX");
  EXPECT_EQ(config.find("my-feed")->credential_provider->front(), "cargo:libsecret");
  ASSERT_NE(config.find("env_only"), nullptr);
  EXPECT_EQ(config.find("env_only")->token_variable(), "CARGO_REGISTRIES_ENV_ONLY_TOKEN");
  EXPECT_EQ(config.find("ghost"), nullptr);
  EXPECT_EQ(config.registries.size(), 2U);
  EXPECT_EQ(config.default_registry, "env_only");
  EXPECT_EQ(*config.global_credential_providers,
            (std::vector<std::string>{"cargo:token", "cargo:libsecret"}));
}

TEST_F(ConfigMerge, ReplacedCratesIoThroughADeclaredSourceMarksTheRegistry) {
  dir.write("repo/.cargo/config.toml",
            "[registries.proget]\nindex = \"sparse+https://proget.example.com/cargo/feed/\"\n"
            "[source.crates-io]\nreplace-with = \"feed-source\"\n"
            "[source.feed-source]\nregistry = \"sparse+https://PROGET.example.com/cargo/feed\"\n");
  const CargoConfig config = load("repo");
  EXPECT_TRUE(config.find("proget")->replaces_crates_io);
  EXPECT_TRUE(config.warnings.empty());
}

TEST_F(ConfigMerge, ReplaceWithARegistryNameMarksIt) {
  dir.write(
      "repo/.cargo/config.toml",
      "[registries.internal]\nindex = \"sparse+https://pkgs.dev.azure.com/o/_packaging/f/Cargo/index/\"\n"
      "[source.crates-io]\nreplace-with = \"internal\"\n");
  EXPECT_TRUE(load("repo").find("internal")->replaces_crates_io);
}

TEST_F(ConfigMerge, UndeclaredSourceUrlWarnsWithTheEntryToAdd) {
  const auto file =
      dir.write("repo/.cargo/config.toml",
                "[source.crates-io]\nreplace-with = \"proget\"\n"
                "[source.proget]\nregistry = \"sparse+https://proget.example.com/cargo/feed/\"\n");
  const CargoConfig config = load("repo");
  EXPECT_TRUE(config.registries.empty());
  ASSERT_EQ(config.warnings.size(), 1U);
  EXPECT_NE(config.warnings[0].message.find(
                "[registries.proget] index = \"sparse+https://proget.example.com/cargo/feed/\""),
            std::string::npos)
      << config.warnings[0].message;
  EXPECT_EQ(config.warnings[0].where.file, file.string());
  EXPECT_EQ(config.warnings[0].where.line, 3);
}

TEST_F(ConfigMerge, CratesIoSettingsWithoutIndexAreNotAnError) {
  dir.write("repo/.cargo/config.toml", "[registries.crates-io]\nprotocol = \"sparse\"\n");
  EXPECT_TRUE(load("repo").registries.empty());
}

TEST_F(ConfigMerge, ProviderInEffectFollowsCargosOrder) {
  CargoConfig config;
  Registry registry;
  registry.name = "feed";
  EXPECT_FALSE(provider_in_effect(registry, config).configured);
  EXPECT_FALSE(provider_override_note(registry, config).has_value());

  config.global_credential_providers = std::vector<std::string>{"cargo:token", "cargo:libsecret"};
  auto setting = provider_in_effect(registry, config);
  EXPECT_TRUE(setting.reads_token_variable);
  EXPECT_FALSE(setting.token_variable_first);  // last entry is tried first
  ASSERT_TRUE(provider_override_note(registry, config).has_value());

  config.global_credential_providers = std::vector<std::string>{"cargo:libsecret", "cargo:token"};
  EXPECT_FALSE(provider_override_note(registry, config).has_value());

  registry.credential_provider = std::vector<std::string>{"cargo:libsecret"};
  setting = provider_in_effect(registry, config);
  EXPECT_FALSE(setting.reads_token_variable);
  const auto note = provider_override_note(registry, config);
  ASSERT_TRUE(note.has_value());
  EXPECT_NE(note->find("registry feed sets credential-provider = cargo:libsecret"), std::string::npos)
      << *note;
  EXPECT_NE(note->find("CARGO_REGISTRIES_FEED_CREDENTIAL_PROVIDER=cargo:token overrides it for this job"),
            std::string::npos);
}

}  // namespace
}  // namespace ca
