#include "provider/provider_protocol.hpp"

#include <nlohmann/json.hpp>

namespace ca::provider {
namespace {

std::string string_field(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

ParsedRequest parse_request(std::string_view line) {
  ParsedRequest parsed;
  nlohmann::json json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    parsed.error = "malformed request: not a JSON object";
    return parsed;
  }
  const auto version = json.find("v");
  if (version == json.end() || !version->is_number_integer() || version->get<long long>() != 1) {
    parsed.error = "unsupported request: protocol version 1 expected";
    return parsed;
  }
  const auto registry = json.find("registry");
  if (registry == json.end() || !registry->is_object() || string_field(*registry, "index-url").empty()) {
    parsed.error = "malformed request: no registry.index-url";
    return parsed;
  }
  Request request;
  request.index_url = string_field(*registry, "index-url");
  request.name = string_field(*registry, "name");
  request.kind_text = string_field(json, "kind");
  request.operation = string_field(json, "operation");
  if (const auto args = json.find("args"); args != json.end()) {
    if (!args->is_array()) {
      parsed.error = "malformed request: args is not an array";
      return parsed;
    }
    for (const auto& arg : *args) {
      if (!arg.is_string()) {
        parsed.error = "malformed request: args holds a non-string";
        return parsed;
      }
      request.args.push_back(arg.get<std::string>());
    }
  }
  request.kind = request.kind_text == "get"      ? RequestKind::kGet
                 : request.kind_text == "login"  ? RequestKind::kLogin
                 : request.kind_text == "logout" ? RequestKind::kLogout
                                                 : RequestKind::kUnknown;
  if (request.kind == RequestKind::kGet && request.operation.empty()) {
    parsed.error = "malformed request: a get request without an operation";
    return parsed;
  }
  parsed.request = std::move(request);
  return parsed;
}

std::string get_answer(const Secret& token, std::optional<long long> expiration) {
  nlohmann::json ok = {{"kind", "get"}, {"token", token.reveal()}, {"operation_independent", true}};
  if (expiration) {
    ok["cache"] = "expires";
    ok["expiration"] = *expiration;
  } else {
    ok["cache"] = "session";
  }
  return nlohmann::json{{"Ok", ok}}.dump();
}

std::string error_answer(ErrorKind kind, std::string_view message) {
  nlohmann::json err;
  switch (kind) {
    case ErrorKind::kUrlNotSupported:
      err["kind"] = "url-not-supported";
      break;
    case ErrorKind::kNotFound:
      err["kind"] = "not-found";
      break;
    case ErrorKind::kOperationNotSupported:
      err["kind"] = "operation-not-supported";
      break;
    case ErrorKind::kOther:
      err["kind"] = "other";
      err["message"] = std::string(message);
      err["caused-by"] = nlohmann::json::array();
      break;
  }
  // Invalid UTF-8 in a message (from a path, say) is replaced, never a throw.
  return nlohmann::json{{"Err", err}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool is_valid_token(std::string_view token) {
  if (token.empty()) return false;
  for (const unsigned char c : token) {
    if (c != '\t' && (c < 0x20 || c > 0x7E)) return false;
  }
  return true;
}

}  // namespace ca::provider
