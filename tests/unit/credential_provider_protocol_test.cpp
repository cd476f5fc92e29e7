// cargo's credential-provider protocol v1 as this tool speaks it: request
// parsing and answer shapes (cargo-credential's lib.rs / error.rs field names).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "config/cargo_home.hpp"
#include "provider/provider_protocol.hpp"
#include "provider/provider_setting.hpp"
#include "support/temp_dir.hpp"

namespace ca::provider {
namespace {

TEST(ProviderProtocol, ParsesAGetRequestWithItsArgs) {
  const auto parsed = parse_request(
      R"({"v":1,"registry":{"index-url":"sparse+https://r.example/i/","name":"r","headers":[]},)"
      R"("kind":"get","operation":"publish","name":"c","vers":"1.0.0","cksum":"ab","args":["credential-provider","--token-variable","V"]})");
  ASSERT_TRUE(parsed.request) << parsed.error;
  EXPECT_EQ(parsed.request->kind, RequestKind::kGet);
  EXPECT_EQ(parsed.request->operation, "publish");
  EXPECT_EQ(parsed.request->index_url, "sparse+https://r.example/i/");
  EXPECT_EQ(parsed.request->args, (std::vector<std::string>{"credential-provider", "--token-variable", "V"}));
}

TEST(ProviderProtocol, MalformedRequestsAreErrorsNeverThrows) {
  for (const char* line :
       {"", "not json", "[]", R"({"v":2,"registry":{"index-url":"x"},"kind":"get"})",
        R"({"v":1,"kind":"get","operation":"read"})", R"({"v":1,"registry":{"index-url":"x"},"kind":"get"})",
        R"({"v":1,"registry":{"index-url":"x"},"kind":"get","operation":"read","args":[1]})",
        "{\"v\":1,\"registry\":{\"index-url\":\"\xff\"}"}) {
    const auto parsed = parse_request(line);
    EXPECT_FALSE(parsed.request) << line;
    EXPECT_FALSE(parsed.error.empty()) << line;
  }
}

TEST(ProviderProtocol, AnswersHaveCargosShapes) {
  const auto ok = nlohmann::json::parse(get_answer(Secret("Bearer t")));
  EXPECT_EQ(
      ok, nlohmann::json::parse(
              R"({"Ok":{"kind":"get","token":"Bearer t","cache":"session","operation_independent":true}})"));
  const auto expiring = nlohmann::json::parse(get_answer(Secret("t"), 1700000000));
  EXPECT_EQ(expiring["Ok"]["cache"], "expires");
  EXPECT_EQ(expiring["Ok"]["expiration"], 1700000000);
  EXPECT_EQ(nlohmann::json::parse(error_answer(ErrorKind::kNotFound)),
            nlohmann::json::parse(R"({"Err":{"kind":"not-found"}})"));
  EXPECT_EQ(nlohmann::json::parse(error_answer(ErrorKind::kUrlNotSupported)),
            nlohmann::json::parse(R"({"Err":{"kind":"url-not-supported"}})"));
  EXPECT_EQ(nlohmann::json::parse(error_answer(ErrorKind::kOperationNotSupported)),
            nlohmann::json::parse(R"({"Err":{"kind":"operation-not-supported"}})"));
  EXPECT_EQ(nlohmann::json::parse(error_answer(ErrorKind::kOther, "why")),
            nlohmann::json::parse(R"({"Err":{"kind":"other","message":"why","caused-by":[]}})"));
  EXPECT_NO_THROW(error_answer(ErrorKind::kOther, "bad \xff utf-8"));
}

TEST(ProviderProtocol, TokensCargoCanSend) {
  EXPECT_TRUE(is_valid_token("Basic YWI6Yw==\t"));
  EXPECT_FALSE(is_valid_token(""));
  EXPECT_FALSE(is_valid_token("a\nb"));
  EXPECT_FALSE(is_valid_token("caf\xc3\xa9"));
}

TEST(ProviderSetting, RefusesPathsCargoWouldSplit) {
  EXPECT_EQ(provider_setting("/opt/agent/_work/_tasks/ca", "V").value,
            "/opt/agent/_work/_tasks/ca credential-provider --token-variable V");
  EXPECT_EQ(provider_setting(R"(C:\agent\_work\_tasks\ca.exe)", "V").value,
            R"(C:\agent\_work\_tasks\ca.exe credential-provider --token-variable V)");
  const auto spaced = provider_setting("/opt/my agent/ca", "V");
  EXPECT_FALSE(spaced.value);
  EXPECT_NE(spaced.why_not.find("space"), std::string::npos);
  EXPECT_FALSE(provider_setting("", "V").value);
}

TEST(ProviderSetting, CarriesAnySourcesWordsAndRefusesOnesCargoWouldSplit) {
  EXPECT_EQ(provider_setting_with("/ca", {"--trusted-publishing"}).value,
            "/ca credential-provider --trusted-publishing");
  EXPECT_EQ(provider_setting_with("/ca", {"--token-variable", "CNB_TOKEN"}).value,
            "/ca credential-provider --token-variable CNB_TOKEN");
  EXPECT_FALSE(provider_setting_with("/ca", {"--token-variable", "MY VAR"}).value);
  EXPECT_FALSE(provider_setting_with("/ca", {""}).value);
}

}  // namespace
}  // namespace ca::provider

namespace ca {
namespace {

TEST(CargoHomeFiles, LegacyNameWinsWhenItExists) {
  test::TempDir dir;
  EXPECT_EQ(cargo_file(dir.path(), "config").path, dir.path() / "config.toml");
  EXPECT_FALSE(cargo_file(dir.path(), "config").exists);
  dir.write("config.toml", "");
  EXPECT_EQ(cargo_file(dir.path(), "config").path, dir.path() / "config.toml");
  dir.write("config", "");
  const auto both = cargo_file(dir.path(), "config");
  EXPECT_EQ(both.path, dir.path() / "config");
  EXPECT_TRUE(both.shadows_toml);
  EXPECT_EQ(both.ignored, dir.path() / "config.toml");
  dir.write("credentials", "");
  EXPECT_EQ(cargo_file(dir.path(), "credentials").path, dir.path() / "credentials");
}

}  // namespace
}  // namespace ca
