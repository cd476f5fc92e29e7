#pragma once
// Which publish failures are worth another try, and how long to wait first.
//
// Cargo does the upload, so a failure is known from cargo's stderr (and, for
// our own index queries, from the HTTP answer). Retryable: HTTP 429, any 5xx,
// and network failures (connect, DNS, reset, timeout). "already exists" is its
// own kind (the version is there: nothing to do). Everything else — 401, 403,
// 400 validation errors, compile errors — is permanent: retrying cannot help.
//
// RetryPolicy bounds retries in count (attempts per batch) and in time (total
// seconds spent waiting); exponential backoff from 1 s doubling to 30 s, and a
// server's Retry-After is honoured (waited at least) when it fits the budget.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "net/http_client.hpp"

namespace ca {

enum class FailureKind { kRetryable, kAlreadyExists, kPermanent };

struct Failure {
  FailureKind kind = FailureKind::kPermanent;
  std::string reason;                         // short: "HTTP 429", "connection failed", ...
  std::optional<double> retry_after_seconds;  // when the server said so
  long rejected_status = 0;                   // 401/403: the registry refused the token
};

// Reads cargo's stderr of a failed `cargo publish`.
Failure classify_cargo_failure(std::string_view cargo_stderr);

// Classifies one of our own HTTP answers (index queries).
Failure classify_http_failure(const HttpResponse& response);

// Retry-After as delta-seconds or an HTTP-date (relative to now); nullopt when
// unreadable. Negative results become 0.
std::optional<double> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

class RetryPolicy {
 public:
  RetryPolicy(int max_attempts, double max_wait_seconds, double initial_seconds = 1.0,
              double cap_seconds = 30.0);

  // The wait before the next attempt after `attempts_made` failed attempts of
  // one batch, or nullopt when the count or the time budget is spent (also
  // when the server's Retry-After alone would exceed what is left).
  [[nodiscard]] std::optional<double> next_wait(int attempts_made, std::optional<double> retry_after) const;
  // Counts a wait against the time budget.
  void spend(double seconds) { waited_ += seconds; }
  [[nodiscard]] double waited() const { return waited_; }
  [[nodiscard]] int max_attempts() const { return max_attempts_; }

 private:
  int max_attempts_;
  double max_wait_;
  double initial_;
  double cap_;
  double waited_ = 0;
};

}  // namespace ca
