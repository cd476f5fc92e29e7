// parse_place (support/printed_path.hpp): the places errors print, with the
// numbers taken from the right so Windows drive letters survive.
#include <gtest/gtest.h>

#include "support/printed_path.hpp"

namespace ca::test {
namespace {

TEST(PrintedPlace, UnixPathLineAndColumn) {
  const auto place = parse_place("/tmp/a/.cargo/config.toml:2:46");
  ASSERT_TRUE(place);
  EXPECT_EQ(place->path, "/tmp/a/.cargo/config.toml");
  EXPECT_EQ(place->line, 2);
  EXPECT_EQ(place->column, 46);
}

TEST(PrintedPlace, DrivePathLineAndColumn) {
  const auto place = parse_place("Z:\\tmp\\a\\config.toml:12:3");
  ASSERT_TRUE(place);
  EXPECT_EQ(place->path, "Z:\\tmp\\a\\config.toml");
  EXPECT_EQ(place->line, 12);
  EXPECT_EQ(place->column, 3);
}

TEST(PrintedPlace, LineOnly) {
  const auto unix_place = parse_place("/x/credentials.toml:2");
  ASSERT_TRUE(unix_place);
  EXPECT_EQ(unix_place->path, "/x/credentials.toml");
  EXPECT_EQ(unix_place->line, 2);
  EXPECT_FALSE(unix_place->column);
  const auto drive_place = parse_place("C:\\x\\credentials.toml:2");
  ASSERT_TRUE(drive_place);
  EXPECT_EQ(drive_place->path, "C:\\x\\credentials.toml");
  EXPECT_FALSE(drive_place->column);
}

TEST(PrintedPlace, NotAPlace) {
  EXPECT_FALSE(parse_place("config.toml"));
  EXPECT_FALSE(parse_place("config.toml:x"));
  EXPECT_FALSE(parse_place(":2:3"));
  EXPECT_FALSE(parse_place("C:"));
  EXPECT_FALSE(parse_place("C::7"));  // a drive alone names no file
}

}  // namespace
}  // namespace ca::test
