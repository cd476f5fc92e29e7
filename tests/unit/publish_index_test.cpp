// Sparse index paths (cargo's layout), index file parsing, and cargo's
// version/arguments/messages as `publish` reads them.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "publish/cargo_runner.hpp"
#include "publish/index_query.hpp"

namespace ca {
namespace {

TEST(IndexPath, CargoLayoutByNameLengthLowerCased) {
  EXPECT_EQ(index_file_path("a"), "1/a");
  EXPECT_EQ(index_file_path("AB"), "2/ab");
  EXPECT_EQ(index_file_path("Abc"), "3/a/abc");
  EXPECT_EQ(index_file_path("cargo"), "ca/rg/cargo");
  EXPECT_EQ(index_file_path("Serde_JSON"), "se/rd/serde_json");
  EXPECT_EQ(index_file_path("abcd"), "ab/cd/abcd");
  EXPECT_THROW(index_file_path(""), Error);
}

TEST(IndexFile, OneVersionPerLineIgnoringJunk) {
  const std::string file =
      "{\"name\":\"a\",\"vers\":\"0.1.0\",\"deps\":[],\"cksum\":\"x\",\"features\":{},\"yanked\":false}\n"
      "\n"
      "{\"name\":\"a\",\"vers\":\"0.2.0+meta\",\"yanked\":true}\n"
      "not json\n"
      "{\"name\":\"a\"}\n";
  EXPECT_EQ(parse_index_versions(file), (std::set<std::string>{"0.1.0", "0.2.0"}));
}

TEST(CargoVersion, ParsedFromCargoVersionOutput) {
  const auto v = parse_cargo_version("cargo 1.95.0 (f2d3ce0bd 2026-03-21)\n");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->minor, 95);
  EXPECT_TRUE(supports_multi_package_publish(*v));
  EXPECT_FALSE(supports_multi_package_publish(*parse_cargo_version("cargo 1.89.1 (x)")));
  EXPECT_TRUE(supports_multi_package_publish(*parse_cargo_version("cargo 2.0.0")));
  EXPECT_FALSE(parse_cargo_version("rustc 1.95.0").has_value());
}

TEST(CargoArguments, FlagsPackagesThenExtraArgumentsNeverAToken) {
  PublishSettings settings;
  settings.dry_run = true;
  settings.extra_args = {"--features", "x"};
  EXPECT_EQ(cargo_publish_arguments(settings, "local", {"a", "b"}),
            (std::vector<std::string>{"publish", "--registry", "local", "--allow-dirty", "--dry-run",
                                      "--package", "a", "--package", "b", "--features", "x"}));
  settings.allow_dirty = false;
  settings.dry_run = false;
  settings.no_verify = true;
  settings.extra_args.clear();
  EXPECT_EQ(cargo_publish_arguments(settings, "r", {"a"}),
            (std::vector<std::string>{"publish", "--registry", "r", "--no-verify", "--package", "a"}));
}

TEST(CargoOutput, ErrorMessageOnOneLineAndUploadingPackages) {
  const std::string output =
      "   Uploading aaa v0.1.0 (/w/a)\n    Uploaded aaa v0.1.0 to registry `local`\n"
      "   Uploading bbb v0.1.0 (/w/b)\n"
      "error: failed to publish bbb v0.1.0 to registry at http://127.0.0.1:1\n\nCaused by:\n"
      "  the remote server responded with an error (status 403 Forbidden): read-only\n";
  EXPECT_EQ(
      cargo_error_message(output),
      "failed to publish bbb v0.1.0 to registry at http://127.0.0.1:1: the remote server responded with an "
      "error (status 403 Forbidden): read-only");
  EXPECT_EQ(uploading_packages(output), (std::vector<std::string>{"aaa", "bbb"}));
}

}  // namespace
}  // namespace ca
