// How `check` judges one registry's answer to GET config.json (pure rules;
// the real network paths are covered by tests/scenario/check_test.cpp).
#include "check/registry_probe.hpp"

#include <gtest/gtest.h>

namespace ca {
namespace {

ProbeTarget target(bool with_credential) {
  ProbeTarget t;
  t.registry.name = "feed";
  t.registry.index = parse_index_url("sparse+https://example.com/index/");
  if (with_credential) t.credential = Secret(std::string("Bearer probe-token-1"));
  t.credential_source = with_credential ? "variable X" : "none";
  return t;
}

HttpResponse answer(long status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(RegistryProbe, ConfigJsonWithDlIsOkAndReportsAuthRequired) {
  const auto r = judge_probe(target(true), answer(200, R"({"dl":"https://x/dl","auth-required":true})"));
  EXPECT_EQ(r.verdict, ProbeVerdict::kOk);
  EXPECT_EQ(r.auth_required, true);
  EXPECT_FALSE(r.failed());
}

TEST(RegistryProbe, HtmlOrJsonWithoutDlIsNotACargoRegistry) {
  EXPECT_EQ(judge_probe(target(true), answer(200, "<html>login</html>")).verdict,
            ProbeVerdict::kNotCargoRegistry);
  EXPECT_EQ(judge_probe(target(true), answer(200, R"({"api":"x"})")).verdict,
            ProbeVerdict::kNotCargoRegistry);
  EXPECT_EQ(judge_probe(target(true), answer(404, "")).verdict, ProbeVerdict::kNotCargoRegistry);
}

TEST(RegistryProbe, RejectionsCarryTheRegistrysDetail) {
  const auto r = judge_probe(target(true), answer(401, R"({"errors":[{"detail":"token expired"}]})"));
  EXPECT_EQ(r.verdict, ProbeVerdict::kUnauthorized);
  EXPECT_EQ(r.detail, "HTTP 401: token expired");
  EXPECT_EQ(judge_probe(target(true), answer(403, "")).verdict, ProbeVerdict::kForbidden);
  EXPECT_EQ(judge_probe(target(false), answer(401, "")).verdict, ProbeVerdict::kNoCredential);
}

TEST(RegistryProbe, AnonymousRegistryIsOkWithoutCredentialUnlessItRequiresAuth) {
  EXPECT_EQ(judge_probe(target(false), answer(200, R"({"dl":"d","auth-required":false})")).verdict,
            ProbeVerdict::kOk);
  EXPECT_EQ(judge_probe(target(false), answer(200, R"({"dl":"d","auth-required":true})")).verdict,
            ProbeVerdict::kNoCredential);
}

TEST(RegistryProbe, NetworkFailuresMapToTheirVerdicts) {
  HttpResponse r;
  r.error = NetError::kTimeout;
  EXPECT_EQ(judge_probe(target(true), r).verdict, ProbeVerdict::kTimeout);
  r.error = NetError::kConnect;
  EXPECT_EQ(judge_probe(target(true), r).verdict, ProbeVerdict::kUnreachable);
  r.error = NetError::kTls;
  EXPECT_EQ(judge_probe(target(true), r).verdict, ProbeVerdict::kTls);
  r.error = NetError::kDns;
  EXPECT_EQ(judge_probe(target(true), r).verdict, ProbeVerdict::kDns);
}

TEST(RegistryProbe, OnlySparseIndexesHaveAConfigJsonUrl) {
  EXPECT_EQ(config_json_url(parse_index_url("sparse+https://h/p/index/")), "https://h/p/index/config.json");
  EXPECT_FALSE(config_json_url(parse_index_url("https://github.com/o/index")).has_value());
}

}  // namespace
}  // namespace ca
