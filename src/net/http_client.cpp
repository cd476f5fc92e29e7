// The transport rules every platform shares; the bytes move in the engine
// behind net/transfer_engine.hpp (libcurl or WinHTTP).
#include "net/http_client.hpp"

#include <string_view>

#include "config/index_url.hpp"
#include "net/transfer_engine.hpp"

namespace ca {

std::optional<std::string> HttpResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> insecure_transport_problem(const std::string& url) {
  IndexUrl parsed;
  // Scheme and host decide; a query (e.g. ?api-version=7.1) is no part of an index URL.
  if (!try_parse_index_url(url.substr(0, url.find_first_of("?#")), parsed)) return "the URL is not valid";
  if (parsed.scheme == "https") return std::nullopt;
  if (parsed.scheme == "http" && parsed.is_loopback()) return std::nullopt;
  return "credentials are only sent over https (plain http only to loopback addresses); " + url +
         " would expose the token on the network";
}

std::string net_error_name(NetError error) {
  switch (error) {
    case NetError::kNone:
      return "ok";
    case NetError::kRefusedInsecure:
      return "refused (insecure)";
    case NetError::kDns:
      return "DNS";
    case NetError::kConnect:
      return "connect";
    case NetError::kTls:
      return "TLS";
    case NetError::kTimeout:
      return "timeout";
    case NetError::kTooLarge:
      return "answer too large";
    case NetError::kOther:
      return "network";
  }
  return "network";
}

std::vector<HttpResponse> http_fetch_all(const std::vector<HttpRequest>& requests, int max_parallel) {
  std::vector<HttpResponse> responses(requests.size());
  std::vector<net_engine::Transfer> transfers;
  transfers.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    // Refused here, before any engine sees it: no connection is ever made.
    if (requests[i].authorization) {
      if (auto problem = insecure_transport_problem(requests[i].url)) {
        responses[i].error = NetError::kRefusedInsecure;
        responses[i].error_message = *problem;
        continue;
      }
    }
    transfers.push_back({&requests[i], &responses[i]});
  }
  const int total = max_parallel < 1 ? 1 : (max_parallel > kMaxConnections ? kMaxConnections : max_parallel);
  net_engine::run_transfers(transfers, total);
  return responses;
}

HttpResponse http_fetch(const HttpRequest& request) { return http_fetch_all({request}, 1).front(); }

namespace net_engine {

bool goes_to_loopback(const std::string& url) {
  IndexUrl parsed;
  // Judged without the query, as insecure_transport_problem does: otherwise a
  // loopback request with ?api-version=... would be allowed over plain http
  // and then handed to http_proxy.
  return try_parse_index_url(url.substr(0, url.find_first_of("?#")), parsed) && parsed.is_loopback();
}

bool announces_too_large_body(std::string_view content_length, std::size_t max_body_bytes) {
  return content_length.size() < 20 && !content_length.empty() &&
         content_length.find_first_not_of("0123456789") == std::string_view::npos &&
         std::stoull(std::string(content_length)) > max_body_bytes;
}

void report_too_large(HttpResponse& response, std::size_t max_body_bytes) {
  response.error = NetError::kTooLarge;
  response.status = 0;
  response.body.clear();
  response.error_message =
      "the answer is larger than " + std::to_string(max_body_bytes / 1024) +
      " KiB, more than this request ever needs; reading stopped there. Check that the URL "
      "points at a cargo registry.";
}

}  // namespace net_engine
}  // namespace ca
