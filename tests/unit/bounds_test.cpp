// Bounds on what a server sends (util/json_bounds) and the checksum publish
// compares with the index (util/sha256).
#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"
#include "util/json_bounds.hpp"
#include "util/sha256.hpp"

namespace ca {
namespace {

TEST(JsonBounds, DepthIsCountedOutsideStringsOnly) {
  EXPECT_FALSE(json_nesting_exceeds(R"({"dl":"x","api":"y","auth-required":true})", 1));
  EXPECT_TRUE(json_nesting_exceeds(R"({"a":[1]})", 1));
  EXPECT_FALSE(json_nesting_exceeds(R"({"a":"[[[[[[\"[[[["})", 1));
  EXPECT_TRUE(json_nesting_exceeds(std::string(65, '['), 64));
  EXPECT_FALSE(json_nesting_exceeds(std::string(64, '[') + std::string(64, ']'), 64));
  EXPECT_TRUE(parse_bounded_json(std::string(1000 * 1000, '[')).is_discarded());
  EXPECT_EQ(parse_bounded_json(R"({"dl":"x"})").value("dl", ""), "x");
}

TEST(Sha256, MatchesTheKnownDigest) {
  test::TempDir dir;
  const auto file = dir.write("abc", "abc");
  EXPECT_EQ(sha256_file_hex(file), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_FALSE(sha256_file_hex(dir.path() / "missing"));
}

}  // namespace
}  // namespace ca
