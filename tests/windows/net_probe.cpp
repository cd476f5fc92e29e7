// A test driver for the HTTP client on Windows (net/http_client.hpp with the
// WinHTTP engine), run under wine by net_probe_test.py until the whole tool
// links for Windows: it exercises the real engine without the rest of the tool.
//
// Input (a file named by the first argument, or stdin): a JSON array of
// requests, or {"max_parallel": N, "requests": [...]}. A request is
// {"url": ..., "method": "GET", "authorization": "...", "headers": ["Name: value"],
//  "body": "...", "timeout_ms": 10000, "max_body_bytes": 8388608}.
// Output (stdout): a JSON array of responses in request order:
// {"status", "headers" (lower-cased names), "body_size", "body" (only when at
// most 4096 bytes), "error" (net_error_name), "message", "seconds"}.
// Exit code 0 when the input was valid, 2 otherwise.
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "net/http_client.hpp"

namespace {

ca::HttpRequest to_request(const nlohmann::json& item) {
  ca::HttpRequest request;
  request.url = item.at("url").get<std::string>();
  request.method = item.value("method", "GET");
  if (item.contains("authorization"))
    request.authorization = ca::Secret(item.at("authorization").get<std::string>());
  request.headers = item.value("headers", std::vector<std::string>{});
  request.body = item.value("body", "");
  request.timeout = std::chrono::milliseconds(item.value("timeout_ms", 10000));
  request.max_body_bytes = item.value("max_body_bytes", ca::kDefaultMaxBodyBytes);
  return request;
}

nlohmann::json to_json(const ca::HttpResponse& response) {
  nlohmann::json out;
  out["status"] = response.status;
  out["headers"] = response.headers;
  out["body_size"] = response.body.size();
  if (response.body.size() <= 4096) out["body"] = response.body;
  out["error"] = ca::net_error_name(response.error);
  out["message"] = response.error_message;
  out["seconds"] = response.seconds;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string text;
  if (argc > 1) {
    std::ifstream file(argv[1], std::ios::binary);
    if (!file) {
      std::cerr << "net_probe: cannot read " << argv[1] << "\n";
      return 2;
    }
    text.assign(std::istreambuf_iterator<char>(file), {});
  } else {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  }
  try {
    const auto input = nlohmann::json::parse(text);
    const auto& items = input.is_array() ? input : input.at("requests");
    const int max_parallel =
        input.is_object() ? input.value("max_parallel", ca::kMaxConnections) : ca::kMaxConnections;
    std::vector<ca::HttpRequest> requests;
    for (const auto& item : items) requests.push_back(to_request(item));
    nlohmann::json output = nlohmann::json::array();
    for (const auto& response : ca::http_fetch_all(requests, max_parallel))
      output.push_back(to_json(response));
    // Bodies may hold any bytes: replace what is not UTF-8 rather than fail.
    std::cout << output.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } catch (const nlohmann::json::exception& error) {
    std::cerr << "net_probe: invalid input: " << error.what() << "\n";
    return 2;
  }
  return 0;
}
