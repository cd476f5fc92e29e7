// Compile-time and run-time proof that a Secret cannot reach text by accident:
// no implicit conversion to any string type, no concatenation, and every
// formatting path (ostream, fmt with any spec, spdlog at every level, the
// host logger) prints "***". A change that adds a conversion breaks the build.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/secret.hpp"
#include "core/secret_registry.hpp"
#include "hosts/host.hpp"
#include "log/logging.hpp"
#include "util/base64.hpp"

namespace ca {
namespace {

// No way from a Secret to text without naming reveal().
static_assert(!std::is_convertible_v<Secret, std::string>);
static_assert(!std::is_convertible_v<Secret, std::string_view>);
static_assert(!std::is_convertible_v<Secret, const char*>);
static_assert(!std::is_constructible_v<std::string, Secret>);
static_assert(!std::is_constructible_v<std::string_view, Secret>);
static_assert(!std::is_convertible_v<Secret, bool>);
static_assert(!std::is_arithmetic_v<Secret>);
// Nor by accident from text to a Secret (a Secret is always built on purpose).
static_assert(!std::is_convertible_v<std::string, Secret>);
static_assert(!std::is_convertible_v<const char*, Secret>);
// No operator+ with strings, no assignment into a string, no JSON conversion.
template <typename A, typename B>
concept Addable = requires(A a, B b) {
  a + b;
};
static_assert(!Addable<std::string, Secret>);
static_assert(!Addable<Secret, std::string>);
static_assert(!Addable<const char*, Secret>);
static_assert(!std::is_assignable_v<std::string&, Secret>);
static_assert(!std::is_constructible_v<nlohmann::json, Secret>);
// reveal() returns a reference: reading it never copies the value somewhere unnoticed.
static_assert(std::is_same_v<decltype(std::declval<const Secret&>().reveal()), const std::string&>);

constexpr const char* kToken = "tkn-type-1";

TEST(SecretType, EveryFormattingPathPrintsStars) {
  const Secret secret(kToken);
  std::ostringstream stream;
  stream << secret << ' ' << Secret("Bearer tkn-type-2");
  EXPECT_EQ(stream.str(), "*** ***");
  EXPECT_EQ(fmt::format("{}", secret), "***");
  EXPECT_EQ(fmt::format("{:>6}|{:<4}|{:.1}", secret, secret, secret), "   ***|*** |*");
  EXPECT_EQ(fmt::format("{0}{0}", secret), "******");
}

TEST(SecretType, SpdlogAtEveryLevelPrintsStars) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  spdlog::logger logger("secret-type-test", sink);
  logger.set_level(spdlog::level::trace);
  const Secret secret(kToken);
  logger.trace("t {}", secret);
  logger.debug("d {}", secret);
  logger.info("i {}", secret);
  logger.warn("w {}", secret);
  logger.error("e {}", secret);
  logger.critical("c {}", secret);
  logger.flush();
  EXPECT_EQ(captured.str().find("tkn-"), std::string::npos) << captured.str();
  EXPECT_NE(captured.str().find("c ***"), std::string::npos);
}

// A host that records every message it is given.
class RecordingHost : public Host {
 public:
  std::string text;
  [[nodiscard]] HostKind kind() const override { return HostKind::kLocal; }
  void mask(const Secret& s) override { SecretRegistry::instance().adopt(s); }
  bool export_variable(const std::string&, const std::string&) override { return false; }
  bool export_secret(const std::string&, const Secret&) override { return false; }
  void info(std::string_view m) override { text += std::string(m) + "\n"; }
  void warning(std::string_view m, const SourceLocation&) override { text += std::string(m) + "\n"; }
  void error(std::string_view m, const SourceLocation&) override { text += std::string(m) + "\n"; }
  void debug(std::string_view m) override { text += std::string(m) + "\n"; }
  void begin_group(std::string_view) override {}
  void end_group() override {}
  void complete(Outcome, std::string_view) override {}
};

TEST(SecretType, HostLoggerRedactsRevealedValuesAndDerivedFormsAtDebugLevel) {
  SecretRegistry::instance().clear_for_tests();
  RecordingHost host;
  const auto previous = spdlog::default_logger();
  install_host_logger(host, /*debug_enabled=*/true);
  const Secret basic("Basic " + base64_encode("user:tkn-type-3"));
  host.mask(basic);
  // Even a call site that wrongly reveals is redacted on the way out, in every form.
  spdlog::debug("debug {} {}", basic.reveal(), base64_encode("tkn-type-3"));
  spdlog::info("info tkn-type-3 {}", base64_encode("user:tkn-type-3"));
  spdlog::warn("warn Bearer tkn-type-3");
  spdlog::error("error {}", basic);
  EXPECT_EQ(host.text.find("tkn-"), std::string::npos) << host.text;
  EXPECT_EQ(host.text.find(base64_encode("tkn-type-3")), std::string::npos) << host.text;
  EXPECT_EQ(host.text.find(base64_encode("user:tkn-type-3")), std::string::npos) << host.text;
  EXPECT_NE(host.text.find("debug ***"), std::string::npos) << host.text;
  spdlog::set_default_logger(previous);
  SecretRegistry::instance().clear_for_tests();
}

TEST(SecretType, DestructorWipesTheBuffer) {
  // The wipe must not disturb copies: a copy keeps its own value.
  auto* original = new Secret(std::string(64, 'x'));
  const Secret copy = *original;
  delete original;
  EXPECT_EQ(copy.reveal(), std::string(64, 'x'));
}

}  // namespace
}  // namespace ca
