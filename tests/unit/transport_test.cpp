// Transport rules of the HTTP client, proven with real sockets: a credential
// never leaves over plain http except to loopback (refused before any DNS or
// connection: the .invalid name would otherwise fail as a DNS error), and TLS
// verification is on: a loopback HTTPS server with a self-signed certificate is
// refused, while curl trusting that same certificate reaches it.
#include <gtest/gtest.h>

#include <cstdlib>

#include "net/http_client.hpp"
#include "support/process.hpp"
#include "support/recording_server.hpp"
#include "support/tls_server.hpp"

namespace ca {
namespace {

HttpRequest with_token(const std::string& url) {
  HttpRequest request;
  request.url = url;
  request.authorization = Secret("Bearer tkn-transport-1");
  request.timeout = std::chrono::milliseconds(5000);
  return request;
}

TEST(Transport, InsecureUrlsAreNamed) {
  for (const char* url :
       {"http://example.invalid/index/", "sparse+http://example.invalid/index/", "http://10.0.0.1/x",
        "http://127.0.0.1.example.invalid/x", "http://127.evil.example/x",
        "http://localhost.example.invalid/x", "ftp://example.invalid/x", "not a url"}) {
    EXPECT_TRUE(insecure_transport_problem(url).has_value()) << url;
  }
  for (const char* url : {"https://example.invalid/index/", "sparse+https://example.invalid/index/",
                          "http://127.0.0.1:8080/index/", "sparse+http://localhost:1/x", "http://[::1]:1/x",
                          "http://127.255.0.9/x",
                          // WHATWG (cargo's parser) reads this as 127.0.0.1; it is requested as such.
                          "http://0x7f000001/x"}) {
    EXPECT_FALSE(insecure_transport_problem(url).has_value()) << url;
  }
}

TEST(Transport, CredentialOverPlainHttpIsRefusedBeforeAnyNetworkAttempt) {
  const auto response = http_fetch(with_token("http://example.invalid/index/config.json"));
  EXPECT_EQ(response.error, NetError::kRefusedInsecure) << response.error_message;
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.seconds, 0.0);  // no transfer was started at all
  EXPECT_NE(response.error_message.find("https"), std::string::npos);
  EXPECT_EQ(response.error_message.find("tkn-"), std::string::npos);
}

TEST(Transport, WithoutACredentialPlainHttpIsAttempted) {
  // The rule is about credentials: an anonymous request to the same name goes
  // out and fails on DNS (.invalid never resolves), proving the check above
  // is what stopped the credentialed one.
  HttpRequest request;
  request.url = "http://example.invalid/index/config.json";
  request.timeout = std::chrono::milliseconds(5000);
  const auto response = http_fetch(request);
  EXPECT_NE(response.error, NetError::kRefusedInsecure);
  EXPECT_NE(response.error, NetError::kNone);
}

TEST(Transport, SelfSignedLoopbackHttpsIsRefused) {
  test::TlsServer server;
  if (!server.available()) GTEST_SKIP() << server.why_unavailable();
  const auto response = http_fetch(with_token(server.url() + "config.json"));
  EXPECT_EQ(response.error, NetError::kTls)
      << net_error_name(response.error) << ": " << response.error_message;
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error_message.find("tkn-"), std::string::npos);
  // Positive control: the server is a working HTTPS server for a client told
  // to trust its certificate.
  if (test::have_program("curl")) {
    const auto trusted =
        test::run_process({"curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                           "--cacert", server.certificate(), server.url()},
                          test::base_env());
    EXPECT_EQ(trusted.exit_code, 0) << trusted.all();
    EXPECT_EQ(trusted.out, "200");
  }
}

TEST(Transport, SelfSignedHttpsIsRefusedWithoutACredentialToo) {
  test::TlsServer server;
  if (!server.available()) GTEST_SKIP() << server.why_unavailable();
  HttpRequest request;
  request.url = server.url();
  request.timeout = std::chrono::milliseconds(5000);
  EXPECT_EQ(http_fetch(request).error, NetError::kTls);
}

// A loopback request URL with a query (token exchanges send ?api-version=...)
// is loopback all the same: its token goes straight to the server, never to
// the http_proxy libcurl would otherwise use.
TEST(Transport, LoopbackUrlWithAQueryBypassesTheProxy) {
  test::RecordingServer target(test::CannedResponse{"HTTP/1.1 200 OK", "text/plain", "ok"});
  test::RecordingServer proxy;
  const char* saved = std::getenv("http_proxy");
  const std::string previous = saved == nullptr ? "" : saved;
  ::setenv("http_proxy", proxy.url().c_str(), 1);
  const auto response = http_fetch(with_token(target.url() + "token?api-version=7.1"));
  if (saved == nullptr) {
    ::unsetenv("http_proxy");
  } else {
    ::setenv("http_proxy", previous.c_str(), 1);
  }
  EXPECT_EQ(proxy.connections(), 0) << proxy.received();
  EXPECT_EQ(response.status, 200) << net_error_name(response.error) << ": " << response.error_message;
  EXPECT_NE(target.received().find("Authorization: Bearer tkn-transport-1"), std::string::npos);
}

}  // namespace
}  // namespace ca
