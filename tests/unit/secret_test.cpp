#include "core/secret.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "core/secret_registry.hpp"
#include "util/base64.hpp"

namespace ca {
namespace {

TEST(Secret, NeverPrintsItsValue) {
  const Secret secret("s3cr3t-value");
  std::ostringstream stream;
  stream << secret;
  EXPECT_EQ(stream.str(), "***");
  EXPECT_EQ(fmt::format("token={}", secret), "token=***");
  EXPECT_EQ(secret.reveal(), "s3cr3t-value");
}

TEST(Secret, DerivedFormsCoverBearerBasicAndBase64) {
  const auto basic = derived_secret_forms("Basic " + base64_encode("user:passw0rd"));
  for (const std::string& form :
       {"Basic " + base64_encode("user:passw0rd"), base64_encode("user:passw0rd"),
        std::string("user:passw0rd"), std::string("passw0rd"), base64_encode("passw0rd")}) {
    EXPECT_NE(std::find(basic.begin(), basic.end(), form), basic.end()) << form;
  }
  const auto bearer = derived_secret_forms("Bearer abc123");
  EXPECT_NE(std::find(bearer.begin(), bearer.end(), "abc123"), bearer.end());
  EXPECT_NE(std::find(bearer.begin(), bearer.end(), base64_encode("abc123")), bearer.end());
  const auto raw = derived_secret_forms("rawtoken");
  EXPECT_NE(std::find(raw.begin(), raw.end(), "Bearer rawtoken"), raw.end());
}

TEST(Secret, RegistryRedactsEveryForm) {
  auto& registry = SecretRegistry::instance();
  registry.clear_for_tests();
  registry.adopt(Secret("Bearer tok-123"));
  EXPECT_EQ(registry.redact("a Bearer tok-123 b tok-123 c " + base64_encode("tok-123")), "a *** b *** c ***");
  registry.clear_for_tests();
}

TEST(Base64, RoundTripsAndRejectsGarbage) {
  for (const std::string text : {"", "a", "ab", "abc", "abcd", "user:pa:ss"}) {
    EXPECT_EQ(base64_decode(base64_encode(text)), text);
  }
  EXPECT_EQ(base64_encode("user:pass"), "dXNlcjpwYXNz");
  EXPECT_FALSE(base64_decode("abc").has_value());
  EXPECT_FALSE(base64_decode("ab=c").has_value());
  EXPECT_FALSE(base64_decode("a!bc").has_value());
}

}  // namespace
}  // namespace ca
