// The leak guard itself: it must find each form of a token outside the
// destination lines (or the suite's "no leak" would prove nothing), and must
// not flag the lines whose job is to carry the token.
#include "support/leak_guard.hpp"

#include <gtest/gtest.h>

#include "util/base64.hpp"

namespace ca::test {
namespace {

const std::vector<std::string> kTokens = {"tkn-guard-1", "Basic " + base64_encode("user:tkn-guard-pw")};
const std::vector<std::string> kNoArgs = {"cargo-authenticate"};

std::size_t leaks_in(const std::string& text, const std::string& stream = "stderr",
                     const std::vector<std::string>& argv = kNoArgs) {
  return LeakGuard::instance().scan_output(text, stream, kTokens, argv).size();
}

TEST(LeakGuard, FindsEveryFormOfAToken) {
  EXPECT_EQ(leaks_in("value tkn-guard-1 here\n"), 1U);
  EXPECT_EQ(leaks_in("Authorization: Bearer tkn-guard-1\n"), 1U);
  EXPECT_EQ(leaks_in(base64_encode("tkn-guard-1") + "\n"), 1U);
  // Inside Basic base64(user:token) for user names of every length modulo 3.
  for (const std::string user : {"u", "us", "use", "someone"}) {
    EXPECT_EQ(leaks_in("Basic " + base64_encode(user + ":tkn-guard-1") + "\n"), 1U) << user;
  }
  // The Basic credential's own parts: the encoded pair, the pair, the password.
  EXPECT_EQ(leaks_in(base64_encode("user:tkn-guard-pw") + "\n"), 1U);
  EXPECT_EQ(leaks_in("user:tkn-guard-pw\n"), 1U);
  EXPECT_EQ(leaks_in("password tkn-guard-pw\n"), 1U);
  // Any test token by the marker, even one nobody registered.
  EXPECT_EQ(leaks_in("something tkn-unregistered\n"), 1U);
  EXPECT_EQ(leaks_in("line one\nline two tkn-guard-1\n"), 1U);
}

TEST(LeakGuard, ReportsTheLineAndForm) {
  const auto leaks =
      LeakGuard::instance().scan_output("ok\nBearer tkn-guard-1\n", "stdout", kTokens, kNoArgs);
  ASSERT_EQ(leaks.size(), 1U);
  EXPECT_EQ(leaks[0].where, "stdout line 2");
  EXPECT_EQ(leaks[0].form, "Bearer");
}

TEST(LeakGuard, DestinationLinesAreAllowed) {
  EXPECT_EQ(leaks_in("##vso[task.setsecret]tkn-guard-1\n"), 0U);
  EXPECT_EQ(leaks_in("##vso[task.setvariable variable=X_TOKEN;issecret=false;]Bearer tkn-guard-1\n"), 0U);
  EXPECT_EQ(leaks_in("::add-mask::tkn-guard-1\n"), 0U);
  // ...but only at the start of a line and only those commands.
  EXPECT_EQ(leaks_in("##vso[task.logissue type=error]tkn-guard-1\n"), 1U);
  EXPECT_EQ(leaks_in("##vso[task.debug]tkn-guard-1\n"), 1U);
  EXPECT_EQ(leaks_in("x ##vso[task.setsecret]tkn-guard-1\n"), 1U);
}

TEST(LeakGuard, EmitFormatsAreAllowedOnlyOnStdoutAndOnlyWhenAsked) {
  const std::vector<std::string> shell = {"ca", "--emit", "shell"};
  EXPECT_EQ(leaks_in("export X_TOKEN='tkn-guard-1'\n", "stdout", shell), 0U);
  EXPECT_EQ(leaks_in("export X_TOKEN='tkn-guard-1'\n", "stderr", shell), 1U);
  EXPECT_EQ(leaks_in("export X_TOKEN='tkn-guard-1'\n", "stdout", kNoArgs), 1U);
  const std::vector<std::string> dotenv = {"ca", "--emit=dotenv"};
  EXPECT_EQ(leaks_in("X_TOKEN=\"tkn-guard-1\"\n", "stdout", dotenv), 0U);
  EXPECT_EQ(leaks_in("X_TOKEN='tkn-guard-1'\n", "stdout", dotenv), 0U);
  EXPECT_EQ(leaks_in("x y='tkn-guard-1'\n", "stdout", dotenv), 1U);
  const std::vector<std::string> dotenv_file = {"ca", "--emit", "dotenv", "--output", "f.env"};
  EXPECT_EQ(leaks_in("X_TOKEN=\"tkn-guard-1\"\n", "stdout", dotenv_file), 1U);
  const std::vector<std::string> json = {"ca", "--emit", "json"};
  const std::vector<std::string> json_shown = {"ca", "--emit", "json", "--show-secrets"};
  EXPECT_EQ(leaks_in("  \"value\": \"tkn-guard-1\"\n", "stdout", json), 1U);
  EXPECT_EQ(leaks_in("  \"value\": \"tkn-guard-1\"\n", "stdout", json_shown), 0U);
}

TEST(LeakGuard, TokensComeFromSecretVariablesAndStdin) {
  const Env env = {{"SECRET_SYSTEM_ACCESSTOKEN", "build-token-9"},
                   {"ENDPOINT_AUTH_PARAMETER_ID_PASSWORD", "pw-secret"},
                   {"ENDPOINT_AUTH_PARAMETER_ID_USERNAME", "builder"},
                   {"CNB_TOKEN", "cnb-token-9"},
                   {"CNB_TOKEN_USER_NAME", "cnb"},
                   {"PLUGIN_TOKEN", "MY_TOKEN_VARIABLE"},
                   {"SYSTEM_DEBUG", "true"}};
  const auto tokens = LeakGuard::instance().tokens_for(env, "stdin-token-9\n");
  const std::set<std::string> got(tokens.begin(), tokens.end());
  EXPECT_TRUE(got.count("build-token-9"));
  EXPECT_TRUE(got.count("pw-secret"));
  EXPECT_TRUE(got.count("cnb-token-9"));
  EXPECT_TRUE(got.count("stdin-token-9"));
  EXPECT_FALSE(got.count("builder"));
  EXPECT_FALSE(got.count("cnb"));
  EXPECT_FALSE(got.count("MY_TOKEN_VARIABLE"));
  EXPECT_FALSE(got.count("true"));
}

TEST(LeakGuard, SecretVariableNames) {
  for (const char* name :
       {"SECRET_X", "CARGO_REGISTRIES_A_TOKEN", "CNB_TOKEN", "GITHUB_TOKEN",
        "ENDPOINT_AUTH_PARAMETER_ID_APITOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "MY_PASSWORD"}) {
    EXPECT_TRUE(is_secret_variable_name(name)) << name;
  }
  for (const char* name : {"CNB_TOKEN_USER_NAME", "CARGO_REGISTRIES_A_CREDENTIAL_PROVIDER", "PLUGIN_TOKEN",
                           "INPUT_TOKEN", "ENDPOINT_URL_ID", "ACTIONS_ID_TOKEN_REQUEST_URL"}) {
    EXPECT_FALSE(is_secret_variable_name(name)) << name;
  }
}

}  // namespace
}  // namespace ca::test
