#pragma once
// The HTTP side of token exchanges (Azure OIDC + Entra, GitHub ID tokens, trusted
// publishing), shared by their credential sources.
//
// Every exchange request carries a secret (in a header or the body), so each URL
// must pass the transport rule first: https, or plain http to loopback only.
// Requests are retried on 429, 5xx and network failures, a bounded number of
// times (the reference task: 3 tries, 1 s apart; a Retry-After up to 10 s is
// honoured). Failures are described from the service's JSON error fields
// (error_description, errors[].detail, message), redacted, never the raw body.
#include <optional>
#include <string>

#include "net/http_client.hpp"

namespace ca {

struct ExchangeAnswer {
  HttpResponse response;
  int attempts = 0;
  std::optional<std::string> refused;  // the URL broke the transport rule; nothing was sent
};

inline constexpr int kExchangeAttempts = 3;

ExchangeAnswer exchange_request(const HttpRequest& request, int attempts = kExchangeAttempts);

// Why a secret must not be sent to this URL (https, or plain http to loopback only), or
// nullopt. Judged on scheme and host alone: queries and paths play no part.
std::optional<std::string> exchange_transport_problem(const std::string& url);

// "HTTP 401 from <what>: <description>" or the network error; for messages.
std::string describe_exchange_failure(const ExchangeAnswer& answer, const std::string& what);

// application/x-www-form-urlencoded / query component encoding.
std::string form_encode(const std::string& text);

// The string field `name` of a JSON object body, if there is one.
std::optional<std::string> json_string_field(const std::string& body, const std::string& name);

}  // namespace ca
