#pragma once
// cargo's credential-provider protocol, version 1 (rust-lang/cargo,
// src/doc/src/reference/credential-provider-protocol.md and
// credential/cargo-credential/src/lib.rs, error.rs): one JSON object per line.
// Pure functions: parse one request line, build one answer line. Nothing here
// reads the environment or writes a stream.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/secret.hpp"

namespace ca::provider {

// The first line a provider writes: the protocol versions it speaks.
inline constexpr std::string_view kHello = R"({"v":[1]})";

enum class RequestKind { kGet, kLogin, kLogout, kUnknown };

struct Request {
  RequestKind kind = RequestKind::kUnknown;
  std::string kind_text;  // as sent (for the "not supported" answer)
  std::string index_url;  // registry.index-url
  std::string name;       // registry.name (absent for some registries)
  std::string operation;  // get: read, publish, yank, unyank, owners
  // The words after the provider's path in its setting: cargo starts the
  // provider as `<path> --cargo-plugin` and sends these here, not in argv.
  std::vector<std::string> args;
};

// A request line, or the reason it is not one (never echoes the line: a login
// request may carry a token).
struct ParsedRequest {
  std::optional<Request> request;
  std::string error;
};
ParsedRequest parse_request(std::string_view line);

enum class ErrorKind { kUrlNotSupported, kNotFound, kOperationNotSupported, kOther };

// {"Ok":{"kind":"get","token":...,"cache":"session","operation_independent":true}}
// expiration (unix seconds) switches cache to "expires".
std::string get_answer(const Secret& token, std::optional<long long> expiration = std::nullopt);
// {"Err":{"kind":...}}; kOther carries "message" and an empty "caused-by".
std::string error_answer(ErrorKind kind, std::string_view message = {});

// cargo sends the token verbatim as Authorization: printable ASCII or tab, not empty.
bool is_valid_token(std::string_view token);

}  // namespace ca::provider
