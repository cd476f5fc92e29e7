#include "publish/retry_policy.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <ctime>
#include <regex>

#include "util/strings.hpp"

namespace ca {
namespace {

bool retryable_status(int status) { return status == 429 || (status >= 500 && status <= 599); }

// libcurl error codes (cargo prints them as "[N] ...") that mean the network,
// not the request, failed: DNS, connect, TLS handshake, send/receive, timeout,
// empty reply, HTTP/2 stream errors.
bool retryable_curl_code(int code) {
  switch (code) {
    case 5:
    case 6:
    case 7:
    case 16:
    case 18:
    case 28:
    case 35:
    case 52:
    case 55:
    case 56:
    case 92:
      return true;
    default:
      return false;
  }
}

std::string describe_status(int status) { return "HTTP " + std::to_string(status); }

}  // namespace

Failure classify_cargo_failure(std::string_view cargo_stderr) {
  const std::string text(cargo_stderr);
  const std::string lower = to_lower(text);
  Failure failure;
  // cargo 1.95 checks the index first: "crate a@0.1.0 already exists on `local` index";
  // registries say it in their own words when the check raced ("... already exists").
  if (lower.find("already exists on") != std::string::npos ||
      lower.find("is already uploaded") != std::string::npos ||
      std::regex_search(lower, std::regex(R"(crate [^\s]+ already exists)"))) {
    failure.kind = FailureKind::kAlreadyExists;
    failure.reason = "version already exists";
    return failure;
  }
  // cargo shows the headers of answers without a JSON error body ("headers:\n\tretry-after: 2").
  if (std::smatch value;
      std::regex_search(text, value, std::regex(R"(retry-after:[ \t]*([^\r\n]+))", std::regex::icase))) {
    failure.retry_after_seconds = parse_retry_after(trim(value[1].str()));
  }
  // API answers: "the remote server responded with an error (status 429 Too Many Requests): ..."
  // Other answers: "failed to get a 200 OK response, got 500" / index: "..., got 503".
  std::smatch match;
  if (std::regex_search(lower, match, std::regex(R"((?:\(status |, got |response, got )(\d{3})\b)"))) {
    const int status = std::stoi(match[1].str());
    failure.kind = retryable_status(status) ? FailureKind::kRetryable : FailureKind::kPermanent;
    failure.reason = describe_status(status);
    return failure;
  }
  if (std::regex_search(lower, match, std::regex(R"(\[(\d{1,3})\] )"))) {
    const int code = std::stoi(match[1].str());
    if (retryable_curl_code(code)) {
      failure.kind = FailureKind::kRetryable;
      failure.reason = "network error (curl " + match[1].str() + ")";
      return failure;
    }
  }
  for (const char* phrase : {"couldn't connect to server", "connection refused", "connection reset",
                             "timeout was reached", "timed out", "empty reply from server",
                             "failure when receiving data", "could not resolve host", "failed to connect"}) {
    if (lower.find(phrase) != std::string::npos) {
      failure.kind = FailureKind::kRetryable;
      failure.reason = std::string("network error (") + phrase + ")";
      return failure;
    }
  }
  failure.kind = FailureKind::kPermanent;
  failure.reason = "cargo publish failed";
  return failure;
}

Failure classify_http_failure(const HttpResponse& response) {
  Failure failure;
  if (response.error != NetError::kNone) {
    // A refused insecure URL or an oversized answer will not get better; everything else is the network.
    failure.kind = response.error == NetError::kRefusedInsecure || response.error == NetError::kTooLarge
                       ? FailureKind::kPermanent
                       : FailureKind::kRetryable;
    failure.reason = response.error_message.empty() ? net_error_name(response.error) : response.error_message;
    return failure;
  }
  const int status = static_cast<int>(response.status);
  failure.kind = retryable_status(status) ? FailureKind::kRetryable : FailureKind::kPermanent;
  failure.reason = describe_status(status);
  if (auto value = response.header("retry-after")) failure.retry_after_seconds = parse_retry_after(*value);
  return failure;
}

namespace {

// HTTP-date in its IMF-fixdate form, "Wed, 21 Oct 2015 07:28:00 GMT" (RFC
// 9110 5.6.7), with the calendar of <chrono> (no strptime/timegm: Windows has
// neither). Day and month names as strptime took them: any case.
std::optional<std::chrono::system_clock::time_point> parse_http_date(const std::string& text) {
  char day_name[4] = {};
  char month_name[4] = {};
  int day = 0;
  int year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", day_name, &day, month_name,
                  &year, &hour, &minute, &second, &consumed) != 7 ||
      static_cast<std::size_t>(consumed) != text.size()) {
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                               "jul", "aug", "sep", "oct", "nov", "dec"};
  const auto month = std::find(kMonths.begin(), kMonths.end(), to_lower(month_name));
  if (month == kMonths.end() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month - kMonths.begin() + 1)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

}  // namespace

std::optional<double> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
  const std::string text = trim(value);
  if (text.empty()) return std::nullopt;
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (text.size() > 9) return std::nullopt;  // absurd; treat as unreadable
    return std::stod(text);
  }
  const auto when = parse_http_date(text);
  if (!when) return std::nullopt;
  const double seconds = std::chrono::duration<double>(*when - now).count();
  return std::max(0.0, seconds);
}

RetryPolicy::RetryPolicy(int max_attempts, double max_wait_seconds, double initial_seconds,
                         double cap_seconds)
    : max_attempts_(std::max(1, max_attempts)),
      max_wait_(std::max(0.0, max_wait_seconds)),
      initial_(initial_seconds),
      cap_(cap_seconds) {}

std::optional<double> RetryPolicy::next_wait(int attempts_made, std::optional<double> retry_after) const {
  if (attempts_made >= max_attempts_) return std::nullopt;
  const double exponent = std::max(0, attempts_made - 1);
  double wait = std::min(cap_, initial_ * std::pow(2.0, exponent));
  if (retry_after) wait = std::max(wait, *retry_after);  // the server knows best, never less
  if (waited_ + wait > max_wait_) return std::nullopt;
  return wait;
}

}  // namespace ca
