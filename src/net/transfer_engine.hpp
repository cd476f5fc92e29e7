#pragma once
// The seam between the transport rules every platform shares (http_client.cpp)
// and the engine that moves the bytes: libcurl on POSIX (curl_transfer.cpp),
// WinHTTP on Windows (winhttp_transfer.cpp). Exactly one engine is linked.
// Internal to src/net: callers use http_client.hpp.
//
// The shared code has already refused what must never be sent (a credential
// over plain http to a host that is not loopback); every engine must still:
// - verify TLS (certificate chain and host name), with no way to turn it off;
// - never send a loopback request through a proxy (goes_to_loopback);
// - follow no redirect when a credential is attached, otherwise at most
//   kMaxRedirects, and never from https to http;
// - bound the request by request.timeout (connect and total) -> kTimeout;
// - stop reading at request.max_body_bytes of body or kMaxHeaderBytes of
//   headers -> kTooLarge (report_too_large), so memory stays bounded;
// - keep to kMaxConnectionsPerHost per host and max_connections in all;
// - send kUserAgent, lower-case response header names, send no body for HEAD;
// - classify failures as NetError with a message that names the URL through
//   url_without_secrets() and never the credential; never throw for them.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_client.hpp"

namespace ca::net_engine {

// One request and the response the engine fills in place.
struct Transfer {
  const HttpRequest* request = nullptr;
  HttpResponse* response = nullptr;
};

// Runs every transfer, at most max_connections (1..kMaxConnections) at once.
void run_transfers(const std::vector<Transfer>& transfers, int max_connections);

// What both engines share.
inline constexpr std::size_t kMaxHeaderBytes = 256 * 1024;
inline constexpr int kMaxRedirects = 5;
inline constexpr const char* kUserAgent = "cargo-authenticate/" CARGO_AUTHENTICATE_VERSION;

// Whether the URL's host is a loopback address (query and fragment ignored:
// request URLs may carry them, e.g. ?api-version=7.1).
bool goes_to_loopback(const std::string& url);

// Whether a Content-Length value announces a body over the limit, so the
// transfer can end before the body comes.
bool announces_too_large_body(std::string_view content_length, std::size_t max_body_bytes);

// Marks the response kTooLarge (no status, no body) with the message both engines give.
void report_too_large(HttpResponse& response, std::size_t max_body_bytes);

}  // namespace ca::net_engine
