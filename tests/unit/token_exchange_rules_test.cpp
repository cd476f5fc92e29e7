// Rules of the token-exchange HTTP layer: where a secret may be sent, how forms are
// encoded, and that a service's error text is shown redacted and bounded, never raw.
#include <gtest/gtest.h>

#include "core/secret_registry.hpp"
#include "credentials/exchange_http.hpp"
#include "util/base64.hpp"

namespace ca {
namespace {

TEST(ExchangeTransport, HttpsAnywhereAndPlainHttpOnlyToLoopback) {
  for (const char* ok :
       {"https://login.microsoftonline.com/t/oauth2/v2.0/token", "https://crates.io/api/v1/x?y=1",
        "http://127.0.0.1:8080/_oidc/azure?api-version=7.1", "http://localhost/x", "http://[::1]:9/x",
        "HTTPS://Crates.IO/"}) {
    EXPECT_FALSE(exchange_transport_problem(ok).has_value()) << ok;
  }
  for (const char* refused :
       {"http://login.microsoftonline.com/t", "http://127.0.0.1.evil.example/x", "http://evil@example.com/",
        "ftp://127.0.0.1/", "", "https://", "http://10.0.0.1/token"}) {
    EXPECT_TRUE(exchange_transport_problem(refused).has_value()) << refused;
  }
}

TEST(ExchangeTransport, UserinfoDoesNotFoolTheHostCheck) {
  EXPECT_TRUE(exchange_transport_problem("http://127.0.0.1@evil.example/x").has_value());
  EXPECT_FALSE(exchange_transport_problem("http://user@127.0.0.1/x").has_value());
}

TEST(ExchangeForm, EncodesEverythingButUnreservedCharacters) {
  EXPECT_EQ(form_encode("499b84ac-1321-427f-aa17-267ca6975798/.default"),
            "499b84ac-1321-427f-aa17-267ca6975798%2F.default");
  EXPECT_EQ(form_encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer");
  EXPECT_EQ(form_encode("a b&c=d+e"), "a%20b%26c%3Dd%2Be");
}

TEST(ExchangeFailure, ShowsTheDescriptionRedactedNeverTheRawBody) {
  SecretRegistry::instance().adopt(Secret("tkn-assertion-echoed-123"));
  ExchangeAnswer answer;
  answer.attempts = 1;
  answer.response.status = 401;
  answer.response.body =
      R"({"error":"invalid_client","error_description":"AADSTS700211: bad assertion tkn-assertion-echoed-123","trace_id":"x"})";
  const std::string text = describe_exchange_failure(answer, "the Entra token endpoint");
  EXPECT_EQ(text, "the Entra token endpoint answered HTTP 401: AADSTS700211: bad assertion ***");

  answer.response.body = R"({"errors":[{"detail":"first"},{"detail":"second"}]})";
  answer.attempts = 3;
  answer.response.status = 429;
  EXPECT_EQ(describe_exchange_failure(answer, "the exchange"),
            "the exchange answered HTTP 429 (after 3 attempts): first; second");

  // Not JSON (an HTML error page, or a body that could hold anything): the status only.
  answer.response.body = "<html>tkn-raw-body-999</html>";
  answer.attempts = 1;
  EXPECT_EQ(describe_exchange_failure(answer, "x"), "x answered HTTP 429");

  // Long descriptions are cut after redaction, with control characters removed.
  answer.response.body = R"({"error_description":"line1\nline2 )" + std::string(600, 'x') + R"("})";
  const std::string cut = describe_exchange_failure(answer, "x");
  EXPECT_EQ(cut.find('\n'), std::string::npos);
  EXPECT_LT(cut.size(), 450U);
  EXPECT_EQ(cut.substr(cut.size() - 3), "...");
}

}  // namespace
}  // namespace ca
