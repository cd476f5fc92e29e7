#include "credentials/exchange_http.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/secret_registry.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {

bool retryable(const HttpResponse& r) {
  if (r.error == NetError::kRefusedInsecure) return false;
  if (r.error != NetError::kNone) return true;
  return r.status == 429 || r.status >= 500;
}

std::chrono::milliseconds retry_delay(const HttpResponse& r) {
  if (auto after = r.header("retry-after")) {
    try {
      const int seconds = std::stoi(*after);
      return std::chrono::milliseconds(std::clamp(seconds, 0, 10) * 1000);
    } catch (const std::exception&) {
      // an HTTP date or garbage: the default delay
    }
  }
  return std::chrono::milliseconds(1000);
}

std::string error_text(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) return {};
  std::string text;
  if (json.contains("error_description") && json["error_description"].is_string()) {
    text = json["error_description"].get<std::string>();
  } else if (json.contains("errors") && json["errors"].is_array()) {
    for (const auto& e : json["errors"]) {
      if (e.is_object() && e.contains("detail") && e["detail"].is_string()) {
        if (!text.empty()) text += "; ";
        text += e["detail"].get<std::string>();
      }
    }
  } else if (json.contains("message") && json["message"].is_string()) {
    text = json["message"].get<std::string>();
  } else if (json.contains("error") && json["error"].is_string()) {
    text = json["error"].get<std::string>();
  }
  // Redact before shortening: a cut must not leave a fragment of a secret.
  text = SecretRegistry::instance().redact(text);
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  if (text.size() > 400) text = text.substr(0, 400) + "...";
  return text;
}

}  // namespace

// The transport rule on scheme and host alone: these URLs carry paths and queries an
// index-URL parser need not accept (api-version, audience).
std::optional<std::string> exchange_transport_problem(const std::string& url) {
  const std::string lower = to_lower(url);
  if (lower.rfind("https://", 0) == 0 && lower.size() > 8) return std::nullopt;
  if (lower.rfind("http://", 0) == 0) {
    std::string authority = lower.substr(7, lower.find_first_of("/?#", 7) - 7);
    if (const auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
    std::string host = authority;
    if (!host.empty() && host.front() == '[') {
      host = host.substr(0, host.find(']') + 1);
    } else {
      host = host.substr(0, host.find(':'));
    }
    // 127.0.0.0/8 as an IPv4 literal only: "127.0.0.1.evil.example" is a remote name.
    const bool ipv4_loopback = host.rfind("127.", 0) == 0 &&
                               host.find_first_not_of("0123456789.") == std::string::npos &&
                               std::count(host.begin(), host.end(), '.') == 3;
    if (host == "localhost" || host == "[::1]" || ipv4_loopback) return std::nullopt;
  }
  return "secrets are only sent over https (plain http only to loopback addresses); " +
         url.substr(0, url.find('?')) + " would expose them on the network";
}

ExchangeAnswer exchange_request(const HttpRequest& request, int attempts) {
  ExchangeAnswer answer;
  if (auto problem = exchange_transport_problem(request.url)) {
    answer.refused = *problem;
    answer.response.error = NetError::kRefusedInsecure;
    answer.response.error_message = *problem;
    return answer;
  }
  for (int i = 1; i <= attempts; ++i) {
    answer.attempts = i;
    answer.response = http_fetch(request);
    if (!retryable(answer.response) || i == attempts) break;
    std::this_thread::sleep_for(retry_delay(answer.response));
  }
  return answer;
}

std::string describe_exchange_failure(const ExchangeAnswer& answer, const std::string& what) {
  const HttpResponse& r = answer.response;
  const std::string tries =
      answer.attempts > 1 ? " (after " + std::to_string(answer.attempts) + " attempts)" : std::string();
  if (answer.refused) return what + " was not asked: " + *answer.refused;
  if (r.error != NetError::kNone) {
    return what + " could not be reached" + tries + ": " + net_error_name(r.error) + " error, " +
           SecretRegistry::instance().redact(r.error_message);
  }
  std::string text = what + " answered HTTP " + std::to_string(r.status) + tries;
  const std::string detail = error_text(r.body);
  if (!detail.empty()) text += ": " + detail;
  return text;
}

std::string form_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<std::string> json_string_field(const std::string& body, const std::string& name) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || !json.contains(name) || !json[name].is_string()) return std::nullopt;
  return json[name].get<std::string>();
}

}  // namespace ca
