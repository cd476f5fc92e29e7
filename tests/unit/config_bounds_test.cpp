// Bounds on what configuration loading may cost (issue 10): nesting checked
// before toml++ parses (it recursed once per dotted-key level and 40,000 levels
// crashed it), includes of devices/FIFOs refused before they are opened, file
// size bounded. Each case would crash, hang or exhaust memory without its bound.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>

#include "config/config_file.hpp"
#include "config/toml_bounds.hpp"
#include "core/error.hpp"
#include "support/temp_dir.hpp"

namespace ca {
namespace {

using test::TempDir;

ExitCode load_error(const std::filesystem::path& file, std::string* message = nullptr) {
  try {
    load_config_file(file);
  } catch (const Error& e) {
    if (message != nullptr) *message = e.what();
    return e.code();
  }
  return ExitCode::kSuccess;
}

TEST(ConfigBounds, FortyThousandDottedKeyLevelsAreRefusedBeforeParsing) {
  TempDir dir;
  std::string key = "a";
  for (int i = 0; i < 40000; ++i) key += ".a";
  const auto file = dir.write("config.toml", key + " = 1\n");
  std::string message;
  EXPECT_EQ(load_error(file, &message), ExitCode::kBadInput);
  EXPECT_NE(message.find("levels deep"), std::string::npos) << message;
}

TEST(ConfigBounds, DeepArraysAndInlineTablesAreRefused) {
  TempDir dir;
  const auto arrays = dir.write("a.toml", "x = " + std::string(5000, '[') + std::string(5000, ']') + "\n");
  EXPECT_EQ(load_error(arrays), ExitCode::kBadInput);
  std::string inline_tables = "x = ";
  for (int i = 0; i < 3000; ++i) inline_tables += "{ a = ";
  const auto tables = dir.write("b.toml", inline_tables + "1" + std::string(3000, '}') + "\n");
  EXPECT_EQ(load_error(tables), ExitCode::kBadInput);
}

TEST(ConfigBounds, NestingCountIgnoresStringsAndComments) {
  EXPECT_FALSE(
      toml_nesting_exceeded("x = \"" + std::string(1000, '[') + "\"\n# " + std::string(1000, '.') + "\n"));
  EXPECT_FALSE(toml_nesting_exceeded("x = '''" + std::string(1000, '{') + "'''\n"));
  EXPECT_TRUE(toml_nesting_exceeded(std::string(200, '[')));
}

TEST(ConfigBounds, IncludeOfADeviceIsRefusedAtOnce) {
  TempDir dir;
  std::filesystem::create_symlink("/dev/zero", dir.path() / "zero.toml");
  const auto file = dir.write("config.toml", "include = [\"zero.toml\"]\n");
  const auto started = std::chrono::steady_clock::now();
  std::string message;
  EXPECT_EQ(load_error(file, &message), ExitCode::kBadInput);
  EXPECT_NE(message.find("not a regular file"), std::string::npos) << message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST(ConfigBounds, IncludeOfAFifoDoesNotBlock) {
  TempDir dir;
  ASSERT_EQ(::mkfifo((dir.path() / "fifo.toml").c_str(), 0600), 0);
  const auto file = dir.write("config.toml", "include = [\"fifo.toml\"]\n");
  EXPECT_EQ(load_error(file), ExitCode::kBadInput);
}

TEST(ConfigBounds, OversizedFileIsRefused) {
  TempDir dir;
  const auto file = dir.write("config.toml", "# " + std::string(kMaxConfigFileBytes, 'x') + "\n");
  std::string message;
  EXPECT_EQ(load_error(file, &message), ExitCode::kBadInput);
  EXPECT_NE(message.find("MiB"), std::string::npos) << message;
}

TEST(ConfigBounds, IncludeLoopThroughDotDotEnds) {
  // cargo compares include paths without resolving "..", so this chain never repeats a
  // spelling; the tool stops it as a cycle instead of recursing until the stack ends.
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "x");
  const auto file = dir.write("a.toml", "include = [\"x/../a.toml\"]\n");
  EXPECT_EQ(load_error(file), ExitCode::kBadInput);
}

}  // namespace
}  // namespace ca
