// Every disagreement issue 11 lists, as a named case against real cargo 1.95.
// Cases named Deliberate* show a documented difference (README, "Where the
// tool differs from cargo"): they assert what cargo does and that the tool
// refuses instead.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "differential.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

class Named : public ::testing::Test {
 protected:
  Differential& d = Differential::instance();
  Scenario s;

  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    s.id = std::string("n-") + info->name();
  }
  std::string url(const std::string& label) const { return d.index_url(s.id, label); }
  std::string label(const std::string& l) const { return s.id + "-" + l; }
  void config(const std::string& path, const std::string& text) { s.files[path] = text; }

  Comparison agree() {
    Comparison c = d.run(s);
    for (const auto& text : c.disagreements) ADD_FAILURE() << text;
    return c;
  }
  static const ToolRegistry* find(const ToolView& tool, const std::string& name) {
    for (const auto& r : tool.registries)
      if (r.name == name) return &r;
    return nullptr;
  }
};

TEST_F(Named, UnicodeNamesReadFullyUpperCasedVariables) {
  config("work/.cargo/config.toml", "[registries]\n\"straße\" = { index = \"" + url("a") +
                                        "\" }\n\"café\" = { index = \"" + url("b") +
                                        "\" }\n\"ǆz\" = { index = \"" + url("c") + "\" }\n");
  const auto c = agree();
  ASSERT_EQ(c.tool.exit_code, 0) << c.tool.output;
  EXPECT_EQ(find(c.tool, "straße")->token_variable, "CARGO_REGISTRIES_STRASSE_TOKEN");
  EXPECT_EQ(find(c.tool, "café")->token_variable, "CARGO_REGISTRIES_CAFÉ_TOKEN");
  EXPECT_EQ(find(c.tool, "ǆz")->token_variable, "CARGO_REGISTRIES_ǄZ_TOKEN");
}

TEST_F(Named, TwoRegistriesWithOneIndexUrlAreRefusedByBoth) {
  config("work/.cargo/config.toml",
         "[registries]\none = { index = \"" + url("a") + "\" }\ntwo = { index = \"" + url("a") + "\" }\n");
  s.probe = {"one", "two"};
  const auto c = agree();
  EXPECT_EQ(c.tool.exit_code, 2);
  EXPECT_NE(c.cargo.at("one").first_error.find("multiple registries are configured with the same index url"),
            std::string::npos)
      << c.cargo.at("one").first_error;
}

TEST_F(Named, DeliberateEnvIndexPointingAtAnotherRegistryIsRefused) {
  config("work/.cargo/config.toml",
         "[registries]\none = { index = \"" + url("a") + "\" }\ntwo = { index = \"" + url("b") + "\" }\n");
  s.env["CARGO_REGISTRIES_TWO_INDEX"] = url("a");
  TempDir dir;
  d.write_scenario(s, dir.str());
  EXPECT_EQ(d.run_tool(s, dir.str()).exit_code, 2);
  // cargo 1.95 accepts it and sends registry two's token to one's index.
  const Env tokens = {{"CARGO_REGISTRIES_ONE_TOKEN", "tkn-one"},
                      {"CARGO_REGISTRIES_TWO_TOKEN", "tkn-two"},
                      {"CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS", "cargo:token"}};
  const auto cargo = d.probe_cargo(s, dir.str(), tokens, "one");
  ASSERT_FALSE(cargo.requests.empty()) << cargo.first_error;
  EXPECT_EQ(cargo.requests.back().label, label("a"));
  EXPECT_EQ(cargo.requests.back().authorization_sha256, sha256_hex("tkn-two"));
}

TEST_F(Named, LowerCaseEnvIndexIsIgnoredByBoth) {
  config("work/.cargo/config.toml", "[registries.alpha]\nindex = \"" + url("a") + "\"\n");
  s.env["CARGO_REGISTRIES_alpha_INDEX"] = url("b");
  s.env["CARGO_REGISTRIES_lower_INDEX"] = url("c");
  s.probe = {"lower"};
  const auto c = agree();
  ASSERT_EQ(c.tool.exit_code, 0) << c.tool.output;
  EXPECT_EQ(find(c.tool, "alpha")->index, url("a"));
  EXPECT_EQ(find(c.tool, "lower"), nullptr);
}

TEST_F(Named, EmptyEnvIndexIsRefusedByBoth) {
  config("work/.cargo/config.toml", "[registries.alpha]\nindex = \"" + url("a") + "\"\n");
  s.env["CARGO_REGISTRIES_ALPHA_INDEX"] = "";
  s.probe = {"alpha"};
  const auto c = agree();
  EXPECT_EQ(c.tool.exit_code, 2);
}

TEST_F(Named, EnvOnlyRegistryAnswersToBothSpellings) {
  s.env["CARGO_REGISTRIES_MY_REG_INDEX"] = url("a");
  const auto c = agree();
  ASSERT_NE(find(c.tool, "my_reg"), nullptr);
  EXPECT_EQ(find(c.tool, "my_reg")->token_variable, "CARGO_REGISTRIES_MY_REG_TOKEN");
}

TEST_F(Named, CargoHomeAtAnAncestorIsReadWhereTheWalkMeetsIt) {
  config("root/.cargo/config.toml", "[registries.alpha]\nindex = \"" + url("top") + "\"\n");
  config("root/a/.cargo/config.toml", "[registries.alpha]\nindex = \"" + url("home") + "\"\n");
  s.cargo_home = "root/a/.cargo";
  s.cwd = "root/a/b";
  const auto c = agree();
  ASSERT_EQ(c.tool.exit_code, 0) << c.tool.output;
  EXPECT_EQ(find(c.tool, "alpha")->index, url("home"));
}

TEST_F(Named, ConfigFileArgumentBeatsTheEnvironment) {
  config("work/x.toml", "[registries.alpha]\nindex = \"" + url("file") + "\"\n");
  s.env["CARGO_REGISTRIES_ALPHA_INDEX"] = url("env");
  s.tool_args = {"--discover", "--config", "x.toml"};
  s.cargo_args = {"--config", "x.toml"};
  const auto c = agree();
  ASSERT_EQ(c.tool.exit_code, 0) << c.tool.output;
  EXPECT_EQ(find(c.tool, "alpha")->index, url("file"));
}

TEST_F(Named, InlineConfigValueBeatsTheEnvironment) {
  config("work/.cargo/config.toml", "[registries.alpha]\nindex = \"" + url("file") + "\"\n");
  s.env["CARGO_REGISTRIES_ALPHA_INDEX"] = url("env");
  const std::string inline_value = "registries.alpha.index=\"" + url("inline") + "\"";
  s.tool_args = {"--discover", "--config", inline_value};
  s.cargo_args = {"--config", inline_value};
  const auto c = agree();
  ASSERT_EQ(c.tool.exit_code, 0) << c.tool.output;
  EXPECT_EQ(find(c.tool, "alpha")->index, url("inline"));
}

TEST_F(Named, CratesIoIndexSettingIsIgnored) {
  config("work/.cargo/config.toml", "[registries.crates-io]\nindex = \"" + url("cio") +
                                        "\"\n[registries.alpha]\nindex = \"" + url("a") + "\"\n");
  s.probe = {"crates-io"};
  const auto c = agree();
  ASSERT_EQ(c.tool.exit_code, 0) << c.tool.output;
  const auto* crates_io = find(c.tool, "crates-io");
  if (crates_io != nullptr) EXPECT_EQ(label_of(crates_io->index), "");
  EXPECT_TRUE(c.cargo.at("crates-io").requests.empty());
}

TEST_F(Named, Toml11SyntaxIsAccepted) {
  // Multi-line inline table with a trailing comma, \x.. and \e escapes (TOML 1.1, cargo 1.95 reads it).
  std::string u = url("a");
  config("work/.cargo/config.toml",
         "[registries]\nalpha = {\n  index = \"\\x73" + u.substr(1) + "\",\n}\n[env]\nCOLOR = \"\\e[0m\"\n");
  const auto c = agree();
  ASSERT_EQ(c.tool.exit_code, 0) << c.tool.output;
  EXPECT_EQ(find(c.tool, "alpha")->index, u);
}

TEST_F(Named, UserInIndexUrlIsAccepted) {
  std::string u = url("a");
  u.insert(u.find("//") + 2, "user@");
  config("work/.cargo/config.toml", "[registries.alpha]\nindex = \"" + u + "\"\n");
  const auto c = agree();
  EXPECT_EQ(c.tool.exit_code, 0) << c.tool.output;
}

TEST_F(Named, OneFileIncludedThroughASymlinkAndItsNameIsAccepted) {
  config("work/.cargo/config.toml", "include = [\"b.toml\", \"c.toml\"]\n");
  config("work/.cargo/b.toml", "[registries.alpha]\nindex = \"" + url("a") + "\"\n");
  s.symlinks["work/.cargo/c.toml"] = "b.toml";
  const auto c = agree();
  EXPECT_EQ(c.tool.exit_code, 0) << c.tool.output;
}

TEST_F(Named, OneFileIncludedTwiceByOneSpellingIsRefusedByBoth) {
  config("work/.cargo/config.toml", "include = [\"b.toml\", \"./b.toml\"]\n");
  config("work/.cargo/b.toml", "[registries.alpha]\nindex = \"" + url("a") + "\"\n");
  s.probe = {"alpha"};
  EXPECT_EQ(agree().tool.exit_code, 2);
}

TEST_F(Named, InvalidNameNothingUsesIsOnlyAWarning) {
  config("work/.cargo/config.toml", "[registries]\n\"a.b\" = { index = \"" + url("bad") +
                                        "\" }\nalpha = { index = \"" + url("a") + "\" }\n");
  s.probe = {"a.b"};
  const auto c = agree();
  ASSERT_EQ(c.tool.exit_code, 0) << c.tool.output;
  EXPECT_EQ(c.tool.registries.size(), 1U);
  EXPECT_FALSE(c.tool.warnings.empty());
}

TEST_F(Named, OwnerListSendsTheSameToken) {
  config("work/.cargo/config.toml", "[registries.alpha]\nindex = \"" + url("a") + "\"\n");
  s.cargo_command = {"owner", "--list", "somecrate"};
  EXPECT_EQ(agree().tool.exit_code, 0);
}

TEST_F(Named, SourceReplacementLockfileUsesTheMatchingRegistrysToken) {
  config("work/Cargo.toml",
         "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[dependencies]\ndep = \"1\"\n");
  config("work/src/lib.rs", "");
  config("work/.cargo/config.toml",
         "[source.crates-io]\nreplace-with = \"mirror\"\n[source.mirror]\nregistry = \"" + url("m") +
             "\"\n[registries.mirror-reg]\nindex = \"" + url("m") + "\"\n");
  TempDir dir;
  d.write_scenario(s, dir.str());
  const ToolView tool = d.run_tool(s, dir.str());
  ASSERT_EQ(tool.exit_code, 0) << tool.output;
  s.cargo_command = {"generate-lockfile"};
  const auto cargo = d.probe_cargo(s, dir.str(), Env(tool.exported.begin(), tool.exported.end()), "");
  ASSERT_FALSE(cargo.requests.empty()) << cargo.first_error;
  EXPECT_EQ(cargo.requests.back().label, label("m"));
  ASSERT_TRUE(tool.exported.count("CARGO_REGISTRIES_MIRROR_REG_TOKEN"))
      << tool.output << tool.exported.size();
  EXPECT_EQ(cargo.requests.back().authorization_sha256,
            sha256_hex(tool.exported.at("CARGO_REGISTRIES_MIRROR_REG_TOKEN")));
}

TEST_F(Named, NamesFoldingOntoOneVariableShareItsToken) {
  config("work/.cargo/config.toml", "[registries]\nmy-feed = { index = \"" + url("a") +
                                        "\" }\nmy_feed = { index = \"" + url("b") + "\" }\n");
  TempDir dir;
  d.write_scenario(s, dir.str());
  // Two different tokens cannot go into one variable: the tool refuses (run_tool gives each its own).
  EXPECT_EQ(d.run_tool(s, dir.str()).exit_code, 2);
  // One token for both: the tool exports it once, with a warning naming the shared variable.
  Env env = base_env();
  env["CARGO_HOME"] = dir.str() + "/home";
  env["SHARED"] = "tkn-shared";
  const auto auth = run_process(
      {CA_BINARY, "auth", "--ci", "local", "--emit", "json", "--show-secrets", "--token-env", "SHARED"}, env,
      {dir.str() + "/work", "", std::chrono::seconds(30)});
  ASSERT_EQ(auth.exit_code, 0) << auth.err;
  EXPECT_NE(auth.err.find("both read CARGO_REGISTRIES_MY_FEED_TOKEN"), std::string::npos) << auth.err;
  Env exported;
  const auto json = nlohmann::json::parse(auth.out);
  for (const auto& v : json.at("variables"))
    exported[v.at("name").get<std::string>()] = v.at("value").get<std::string>();
  EXPECT_EQ(exported.at("CARGO_REGISTRIES_MY_FEED_TOKEN"), "tkn-shared");
  // cargo 1.95 accepts both names and reads CARGO_REGISTRIES_MY_FEED_TOKEN for each.
  for (const std::string name : {"my-feed", "my_feed"}) {
    const auto cargo = d.probe_cargo(s, dir.str(), exported, name);
    ASSERT_FALSE(cargo.requests.empty()) << name << ": " << cargo.first_error;
    EXPECT_EQ(cargo.requests.back().label, label(name == "my-feed" ? "a" : "b"));
    EXPECT_EQ(cargo.requests.back().authorization_sha256, sha256_hex("tkn-shared")) << name;
  }
}

// toml++ 3.3 has undefined behaviour on some non-ASCII characters outside
// strings (config/toml_bounds.hpp); the tool refuses them all, as cargo does.
TEST_F(Named, NonAsciiBareKeyIsRefusedByBoth) {
  config("work/.cargo/config.toml", "[registries]\nok = { index = \"" + url("a") +
                                        "\" }\ncaf\u00E9 = { index = \"" + url("b") + "\" }\n");
  s.probe = {"ok"};
  const auto c = agree();
  EXPECT_EQ(c.tool.exit_code, 2);
  EXPECT_NE(c.tool.output.find("U+00E9"), std::string::npos) << c.tool.output;
  EXPECT_NE(c.tool.output.find("config.toml:3:4"), std::string::npos)
      << c.tool.output;  // cargo: line 3, column 4
  EXPECT_NE(c.cargo.at("ok").first_error.find("could not load Cargo configuration"), std::string::npos)
      << c.cargo.at("ok").first_error;
}

TEST_F(Named, NonAsciiInStringsCommentsAndContinuedLinesIsReadByBoth) {
  // The first character after a line-ending backslash is the one place inside a
  // string where toml++ classifies it; the tool escapes it there (same value).
  config("work/.cargo/config.toml",
         "# caf\u00E9 \u3001 \"\n[registries.a]\nindex = \"" + url("a") +
             "\" # \u0416\n[env]\nGREETING = \"\"\"\\\n    \u00E9\u3042 \uFE0F\"\"\"\n" +
             "\"\u00E9\" = '\u3001'\n");
  const auto c = agree();
  ASSERT_EQ(c.tool.exit_code, 0) << c.tool.output;
  ASSERT_NE(find(c.tool, "a"), nullptr);
}

// Provider precedence: the tool reports the providers in the order cargo tries
// them; cargo, run without the tool's variables, sends what the first one yields.
class Providers : public Named {
 protected:
  void expect_first_provider_used(const std::string& expected_first, const std::string& token) {
    TempDir dir;
    d.write_scenario(s, dir.str());
    const std::string listed = run_list(dir.str());
    EXPECT_NE(listed.find("\"providers\":[\"" + expected_first + "\""), std::string::npos) << listed;
    const auto cargo = d.probe_cargo(s, dir.str(), {}, "alpha");
    ASSERT_FALSE(cargo.requests.empty()) << cargo.first_error;
    EXPECT_EQ(cargo.requests.back().authorization_sha256, sha256_hex(token)) << cargo.first_error;
  }
  std::string run_list(const std::string& root) {
    Env env = base_env();
    for (const auto& [k, v] : s.env) env[k] = v;
    env["CARGO_HOME"] = root + "/" + s.cargo_home;
    const auto listed =
        run_process({CA_BINARY, "list", "--json"}, env, {root + "/" + s.cwd, "", std::chrono::seconds(30)});
    std::string compact;
    for (char c : listed.out) {
      if (c != '\n' && c != ' ') compact += c;
    }
    return compact;
  }
};

TEST_F(Providers, CredentialAliasIsResolved) {
  config("work/.cargo/config.toml",
         "[credential-alias]\nmine = \"cargo:token-from-stdout printf prov-alias\"\n"
         "[registry]\nglobal-credential-providers = [\"mine\"]\n"
         "[registries.alpha]\nindex = \"" +
             url("a") + "\"\n");
  expect_first_provider_used("cargo:token-from-stdoutprintfprov-alias", "prov-alias");
}

TEST_F(Providers, GlobalProvidersFromTheEnvironmentJoinTheFilesList) {
  config("work/.cargo/config.toml",
         "[registry]\nglobal-credential-providers = [\"cargo:token-from-stdout printf prov-file\"]\n"
         "[registries.alpha]\nindex = \"" +
             url("a") + "\"\n");
  // cargo:token (from the environment) is tried first and finds no token; the file's provider answers.
  s.env["CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS"] = "cargo:token";
  expect_first_provider_used("cargo:token\",\"cargo:token-from-stdoutprintfprov-file", "prov-file");
}

TEST_F(Providers, RegistryProvidersFromTwoFilesAreNotJoined) {
  config(
      "root/.cargo/config.toml",
      "[registries.alpha]\ncredential-provider = [\"cargo:token-from-stdout\", \"printf\", \"prov-top\"]\n");
  config("root/work/.cargo/config.toml",
         "[registries.alpha]\nindex = \"" + url("a") +
             "\"\ncredential-provider = [\"cargo:token-from-stdout\", \"printf\", \"prov-deep\"]\n");
  s.cwd = "root/work";
  expect_first_provider_used("cargo:token-from-stdoutprintfprov-deep", "prov-deep");
}

struct Refusal {
  const char* name;
  const char* text;  // config.toml; @A@ is alpha's index URL
  const char* extra_path;
  const char* extra_text;
  const char* directory;
};

class BothRefuse : public Named, public ::testing::WithParamInterface<Refusal> {};

TEST_P(BothRefuse, ToolAndCargo) {
  std::string text = GetParam().text;
  const std::string a = url("a");
  for (auto at = text.find("@A@"); at != std::string::npos; at = text.find("@A@")) text.replace(at, 3, a);
  for (auto at = text.find("@A-@"); at != std::string::npos; at = text.find("@A-@"))
    text.replace(at, 4, a.substr(0, a.size() - 1));
  config("work/.cargo/config.toml", text);
  if (*GetParam().extra_path != '\0') config(GetParam().extra_path, GetParam().extra_text);
  if (*GetParam().directory != '\0') s.directories.push_back(GetParam().directory);
  s.probe = {"alpha"};
  const auto c = agree();
  EXPECT_EQ(c.tool.exit_code, 2) << c.tool.output;
  EXPECT_TRUE(c.cargo.at("alpha").requests.empty()) << c.cargo.at("alpha").first_error;
}

INSTANTIATE_TEST_SUITE_P(
    Issue11, BothRefuse,
    ::testing::Values(
        Refusal{"SparseIndexWithoutTrailingSlash", "[registries.alpha]\nindex = \"@A-@\"\n", "", "", ""},
        Refusal{"RegistryIndex", "[registry]\nindex = \"@A@\"\n[registries.alpha]\nindex = \"@A@\"\n", "", "",
                ""},
        Refusal{"IncludeWithGlob", "include = [\"*.toml\"]\n[registries.alpha]\nindex = \"@A@\"\n", "", "",
                ""},
        Refusal{
            "IncludeOptionalNotBoolean",
            "include = [{ path = \"b.toml\", optional = \"yes\" }]\n[registries.alpha]\nindex = \"@A@\"\n",
            "work/.cargo/b.toml", "", ""},
        Refusal{"ReplaceWithWithoutLocation",
                "[source.other]\nreplace-with = \"alpha\"\n[registries.alpha]\nindex = \"@A@\"\n", "", "",
                ""},
        Refusal{"LegacyConfigIsADirectory", "[registries.alpha]\nindex = \"@A@\"\n", "", "",
                "work/.cargo/config"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace ca::test
