// Retry rules of `publish`: classification of what cargo 1.95 printed against
// the local registry with fault rules (the texts below were captured from real
// runs), Retry-After parsing, and the backoff bounds in count and time.
#include <gtest/gtest.h>

#include "publish/retry_policy.hpp"

namespace ca {
namespace {

constexpr const char* kJson429 =
    "   Uploading aaa-one v0.1.0 (/tmp/ws/a)\n"
    "error: failed to publish aaa-one v0.1.0 to registry at http://127.0.0.1:46325\n\nCaused by:\n"
    "  the remote server responded with an error (status 429 Too Many Requests): injected fault: HTTP 429\n";
constexpr const char* kText429 =
    "error: failed to publish aaa-one v0.1.0 to registry at http://127.0.0.1:46325\n\nCaused by:\n"
    "  failed to get a 200 OK response, got 429\n  headers:\n  \tHTTP/1.1 429 Too Many Requests\n"
    "  \tContent-Type: text/plain\n  \tRetry-After: 3\n  \t\n  body:\n  slow down\n";
constexpr const char* k500 =
    "error: failed to publish aaa-one v0.1.0 to registry at http://127.0.0.1:46325\n\nCaused by:\n"
    "  the remote server responded with an error (status 500 Internal Server Error): injected fault: HTTP "
    "500\n";
constexpr const char* kIndex503 =
    "error: download of config.json failed\n\nCaused by:\n"
    "  failed to get successful HTTP response from `http://127.0.0.1:46325/index/config.json` (127.0.0.1), "
    "got 503\n";
constexpr const char* kDropped =
    "error: failed to publish aaa-one v0.1.0 to registry at http://127.0.0.1:46325\n\nCaused by:\n"
    "  [52] Server returned nothing (no headers, no data) (Empty reply from server)\n";
constexpr const char* kRefused =
    "Caused by:\n  failed to download from `http://127.0.0.1:1/index/config.json`\n\nCaused by:\n"
    "  [7] Could not connect to server (Failed to connect to 127.0.0.1 port 1 after 0 ms: Could not connect "
    "to "
    "server)\n";
constexpr const char* k403 =
    "error: failed to publish aaa-one v0.1.2 to registry at http://127.0.0.1:46325\n\nCaused by:\n"
    "  the remote server responded with an error (status 403 Forbidden): this token is read-only\n";
constexpr const char* k401 =
    "error: token rejected for `local`, please run `cargo login --registry local`\n"
    "Caused by:\n  failed to get successful HTTP response from `http://127.0.0.1:4/index/config.json`, got "
    "401\n";
constexpr const char* kExists =
    "    Updating `local` index\nerror: crate aaa-one@0.1.0 already exists on `local` index\n";
constexpr const char* kCompile =
    "error[E0425]: cannot find value `x` in this scope\nerror: could not compile `a`\n";

TEST(CargoFailure, RateLimitsServerErrorsAndNetworkFailuresAreRetryable) {
  for (const char* text : {kJson429, kText429, k500, kIndex503, kDropped, kRefused}) {
    EXPECT_EQ(classify_cargo_failure(text).kind, FailureKind::kRetryable) << text;
  }
  EXPECT_EQ(classify_cargo_failure(kJson429).reason, "HTTP 429");
  EXPECT_EQ(classify_cargo_failure(k500).reason, "HTTP 500");
  EXPECT_EQ(classify_cargo_failure(kIndex503).reason, "HTTP 503");
}

TEST(CargoFailure, RetryAfterIsReadFromTheHeadersCargoShows) {
  EXPECT_EQ(classify_cargo_failure(kText429).retry_after_seconds, 3.0);
  EXPECT_FALSE(classify_cargo_failure(kJson429).retry_after_seconds.has_value());
}

TEST(CargoFailure, AuthorizationValidationAndCompileErrorsArePermanent) {
  for (const char* text : {k403, k401, kCompile}) {
    EXPECT_EQ(classify_cargo_failure(text).kind, FailureKind::kPermanent) << text;
  }
}

TEST(CargoFailure, AlreadyExistsIsItsOwnKind) {
  EXPECT_EQ(classify_cargo_failure(kExists).kind, FailureKind::kAlreadyExists);
}

TEST(HttpFailure, StatusAndNetworkErrors) {
  HttpResponse r;
  r.status = 429;
  r.headers["retry-after"] = "7";
  EXPECT_EQ(classify_http_failure(r).kind, FailureKind::kRetryable);
  EXPECT_EQ(classify_http_failure(r).retry_after_seconds, 7.0);
  r.status = 401;
  EXPECT_EQ(classify_http_failure(r).kind, FailureKind::kPermanent);
  r.status = 0;
  r.error = NetError::kConnect;
  EXPECT_EQ(classify_http_failure(r).kind, FailureKind::kRetryable);
  r.error = NetError::kRefusedInsecure;
  EXPECT_EQ(classify_http_failure(r).kind, FailureKind::kPermanent);
}

TEST(RetryAfter, SecondsAndHttpDates) {
  const auto now = std::chrono::system_clock::from_time_t(1445412480);  // Wed, 21 Oct 2015 07:28:00 GMT
  EXPECT_EQ(parse_retry_after("120", now), 120.0);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), 30.0);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), 0.0);  // past: no wait
  EXPECT_FALSE(parse_retry_after("soon", now).has_value());
  EXPECT_FALSE(parse_retry_after("", now).has_value());
}

TEST(RetryPolicy, ExponentialBackoffCappedAndBoundedInCount) {
  const RetryPolicy policy(6, 1000, 1.0, 4.0);
  EXPECT_EQ(policy.next_wait(1, std::nullopt), 1.0);
  EXPECT_EQ(policy.next_wait(2, std::nullopt), 2.0);
  EXPECT_EQ(policy.next_wait(3, std::nullopt), 4.0);
  EXPECT_EQ(policy.next_wait(5, std::nullopt), 4.0);            // capped
  EXPECT_FALSE(policy.next_wait(6, std::nullopt).has_value());  // count spent
}

TEST(RetryPolicy, RetryAfterIsHonouredButNeverShortensTheWait) {
  const RetryPolicy policy(5, 100);
  EXPECT_EQ(policy.next_wait(1, 10.0), 10.0);
  EXPECT_EQ(policy.next_wait(3, 0.5), 4.0);
}

TEST(RetryPolicy, TimeBudgetStopsRetriesIncludingLongRetryAfter) {
  RetryPolicy policy(100, 5);
  EXPECT_FALSE(policy.next_wait(1, 60.0).has_value());  // the server asks for more than the budget
  double total = 0;
  for (int attempt = 1; attempt < 100; ++attempt) {
    const auto wait = policy.next_wait(attempt, std::nullopt);
    if (!wait) break;
    policy.spend(*wait);
    total += *wait;
  }
  EXPECT_LE(total, 5.0);
  EXPECT_EQ(total, 3.0);  // 1 + 2; the next (4) would exceed 5
}

}  // namespace
}  // namespace ca
