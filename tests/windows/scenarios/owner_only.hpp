#pragma once
// Owner-only checks for the windows scenarios: on POSIX the file mode, on
// Windows the DACL read back by the win32 build's acl_probe.exe
// (CA_TEST_ACL_PROBE, which scripts/wine-test.sh sets) under the same runner
// as the tool.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "support/dacl.hpp"
#include "support/printed_path.hpp"
#include "support/process.hpp"
#include "support/text_lines.hpp"
#include "support/tool_under_test.hpp"

namespace ca::test {

// Readable by this user only: the file mode on POSIX; on Windows the file's DACL,
// read back by the win32 build's tests/windows/acl_probe.exe (CA_TEST_ACL_PROBE,
// which scripts/wine-test.sh sets) under the same runner as the tool.
inline void expect_owner_only(const std::filesystem::path& file, unsigned posix_mode = 0600) {
  if (!tool_under_test().windows) {
    struct stat info {};
    ASSERT_EQ(::stat(file.c_str(), &info), 0) << file;
    EXPECT_EQ(info.st_mode & 0777, posix_mode) << file;
    return;
  }
  const char* probe = std::getenv("CA_TEST_ACL_PROBE");
  ASSERT_TRUE(probe != nullptr && *probe != '\0')
      << "set CA_TEST_ACL_PROBE to the win32 build's tests/windows/acl_probe.exe (scripts/wine-test.sh does)";
  const auto run = run_process(runner_command(probe, {path_for_tool(file)}), tool_environment(base_env()),
                               {"", "", std::chrono::seconds(60)});
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const auto lines = lines_of(run.out);  // the DACL, then the SID of the user running it
  ASSERT_EQ(lines.size(), 2U) << run.out;
  const auto dacl = parse_dacl(lines[0]);
  ASSERT_TRUE(dacl.has_value()) << lines[0];
  EXPECT_EQ(owner_only_violation(*dacl, lines[1]), "") << file << ": " << lines[0];
}

// Gives an existing file a wider DACL (Everyone and Users: full access) before
// the tool rewrites it, and checks that it took; POSIX: mode 0666.
inline void widen_access(const std::filesystem::path& file) {
  if (!tool_under_test().windows) {
    std::filesystem::permissions(file, std::filesystem::perms(0666));
    return;
  }
  const char* probe = std::getenv("CA_TEST_ACL_PROBE");
  ASSERT_TRUE(probe != nullptr && *probe != '\0') << "set CA_TEST_ACL_PROBE (scripts/wine-test.sh does)";
  const auto set =
      run_process(runner_command(probe, {"--set", "D:(A;;FA;;;WD)(A;;FA;;;BU)", path_for_tool(file)}),
                  tool_environment(base_env()), {"", "", std::chrono::seconds(60)});
  ASSERT_EQ(set.exit_code, 0) << set.all();
  const auto read = run_process(runner_command(probe, {path_for_tool(file)}), tool_environment(base_env()),
                                {"", "", std::chrono::seconds(60)});
  ASSERT_NE(read.out.find("WD"), std::string::npos) << "the wider DACL did not take: " << read.all();
}

}  // namespace ca::test
