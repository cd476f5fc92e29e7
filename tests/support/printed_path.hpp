#pragma once
// Paths as the tool under test prints them, compared with the paths a test
// wrote. A Windows build under wine sees the Unix file system as drive Z: (wine
// maps Z: to /), so it may print /tmp/x as Z:\tmp\x or \tmp\x, or keep the
// /tmp/x it was given. Tests compare through these helpers where a Windows
// build may print a path, so one assertion holds for both builds; for the
// Linux binary they are exact comparisons.
#include <filesystem>
#include <optional>
#include <string>

namespace ca::test {

// The Unix path a printed path names. For a Windows build: backslashes become
// '/' and a drive letter becomes the directory wine maps it to (the links in
// $WINEPREFIX/dosdevices: Z: is /, C: the prefix's drive_c); a drive wine does
// not map stays as printed. For a Linux build: unchanged.
std::string host_path_of_printed(const std::string& printed);
// Whether printed names expected (both lexically normalised).
bool same_path(const std::string& printed, const std::filesystem::path& expected);
// A test's file named the way a CI host on the tool's system names it in
// inputs, variables and arguments: Z:\tmp\x for a Windows build, /tmp/x otherwise.
std::string path_for_tool(const std::filesystem::path& path);

// "PATH:LINE:COLUMN" or "PATH:LINE" as errors print a place; the path may hold
// colons itself (a drive letter), so the numbers are taken from the right.
struct PrintedPlace {
  std::string path;  // as printed
  int line = 0;
  std::optional<int> column;
};
std::optional<PrintedPlace> parse_place(const std::string& printed);
// The first word of text that is a place in file (same_path), trailing ':' ','
// ')' dropped: finds "PATH:2:49" in "error: PATH:2:49: malformed TOML ...".
std::optional<PrintedPlace> find_place(const std::string& text, const std::filesystem::path& file);

}  // namespace ca::test
