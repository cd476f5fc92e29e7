#pragma once
// HTTP(S) requests with a registry credential, many at once: libcurl on
// POSIX, WinHTTP on Windows, behind net/transfer_engine.hpp; the rules below
// hold for both.
//
// Transport rules, enforced here for every caller: a credential is never sent
// over plain http:// except to a loopback address (the request is refused,
// not sent), and a request to a loopback address never goes through a proxy
// (http_proxy/ALL_PROXY would otherwise receive the token in clear text);
// TLS verification is never disabled; redirects are not followed when a
// credential is attached (a redirect must not carry it elsewhere).
// Bounds: a response body larger than the request's max_body_bytes ends the
// transfer with NetError::kTooLarge (memory stays bounded); at most
// kMaxConnectionsPerHost connections go to one host and kMaxConnections in all.
// Failures never throw: they come back as a NetError with a message that
// names the URL and the reason, never the credential.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/secret.hpp"

namespace ca {

enum class NetError { kNone, kRefusedInsecure, kDns, kConnect, kTls, kTimeout, kTooLarge, kOther };

// Politeness to registries: cargo itself uses 2 connections per host (HTTP/2
// multiplexes); 16 keeps a 100-registry check on one host well under 0.5 s.
inline constexpr int kMaxConnectionsPerHost = 16;
inline constexpr int kMaxConnections = 64;
// For a request that does not say: no registry document comes near it.
inline constexpr std::size_t kDefaultMaxBodyBytes = 8 * 1024 * 1024;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::optional<Secret> authorization;  // sent verbatim as the Authorization header
  std::vector<std::string> headers;     // extra "Name: value" headers
  std::string body;
  std::chrono::milliseconds timeout{10000};
  std::size_t max_body_bytes = kDefaultMaxBodyBytes;
};

struct HttpResponse {
  long status = 0;  // 0 when no HTTP answer arrived
  std::string body;
  std::map<std::string, std::string> headers;  // lower-cased names
  NetError error = NetError::kNone;
  std::string error_message;  // for error != kNone
  double seconds = 0;         // total time taken

  [[nodiscard]] bool ok() const { return error == NetError::kNone && status >= 200 && status < 300; }
  [[nodiscard]] std::optional<std::string> header(const std::string& lower_name) const;
};

// Runs all requests concurrently (at most max_parallel connections at once,
// never more than kMaxConnections, kMaxConnectionsPerHost to one host) and
// returns the responses in the same order.
std::vector<HttpResponse> http_fetch_all(const std::vector<HttpRequest>& requests,
                                         int max_parallel = kMaxConnections);
HttpResponse http_fetch(const HttpRequest& request);

// Why a credential must not be sent to this URL, or nullopt when it may be.
std::optional<std::string> insecure_transport_problem(const std::string& url);

std::string net_error_name(NetError error);

}  // namespace ca
