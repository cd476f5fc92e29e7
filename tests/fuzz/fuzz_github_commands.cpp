// Fuzzes the GitHub Actions workflow commands and environment files against
// the runner-side parsers the scenario tests use (GitHubLog, GitHubFile).
// Properties, for any message / value:
//   - annotation, debug and add-mask are ONE line holding exactly one command
//     whose unescaped data (and file property) equal the input;
//   - a plain line holds no command (no leading "::", no "##[") and no CR/LF,
//     read the runner's way too: TrimStart() over every .NET white space and
//     culture-sensitive searches (ICU) that skip zero-width characters;
//   - a $GITHUB_ENV entry reads back as exactly one variable with the exact
//     value, even when the random delimiter is forced to collide with it.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "hosts/github/github_commands.hpp"
#include "support/dotnet_text.hpp"
#include "support/github_files.hpp"
#include "util/strings.hpp"

using ca::test::GitHubFile;
using ca::test::GitHubLog;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  const std::string file = provider.ConsumeRandomLengthString(128);
  // Delimiter suffixes are hex (random_hex); a forced one, planted in the
  // value as a whole line, makes the first draws collide.
  std::string forced_suffix;
  for (const auto byte :
       provider.ConsumeBytes<std::uint8_t>(provider.ConsumeIntegralInRange<std::size_t>(1, 8))) {
    static constexpr char kHex[] = "0123456789abcdef";
    forced_suffix += kHex[byte >> 4U];
    forced_suffix += kHex[byte & 0xFU];
  }
  const bool plant_collision = provider.ConsumeBool();
  const std::string message = provider.ConsumeRemainingBytesAsString();

  const std::string error = ca::github::annotation("error", message, ca::SourceLocation{file, 3, 4, {}});
  FUZZ_CHECK(error.find('\n') == std::string::npos && error.find('\r') == std::string::npos);
  const GitHubLog error_log = GitHubLog::parse(error + "\n");
  FUZZ_CHECK(error_log.commands.size() == 1);
  FUZZ_CHECK(error_log.commands[0].name == "error");
  FUZZ_CHECK(error_log.commands[0].data == message);
  if (!file.empty()) FUZZ_CHECK(error_log.commands[0].properties.at("file") == file);

  for (const std::string& line : {ca::github::debug(message), ca::github::add_mask(message)}) {
    const GitHubLog log = GitHubLog::parse(line + "\n");
    FUZZ_CHECK(log.commands.size() == 1);
    FUZZ_CHECK(log.commands[0].data == message);
  }

  const std::string plain = ca::github::plain_line(message);
  FUZZ_CHECK(plain.find('\n') == std::string::npos && plain.find('\r') == std::string::npos);
  FUZZ_CHECK(GitHubLog::parse(plain + "\n").commands.empty());
  FUZZ_CHECK(!ca::test::dotnet::github_runner_sees_command(plain));
  FUZZ_CHECK(ca::trim(plain).rfind("##[", 0) != 0);

  // Values never hold CR (tokens with CR/LF are refused before any emitter).
  std::string value = ca::replace_all(message, "\r", "");
  if (plant_collision) value += "\nghadelimiter_" + forced_suffix + "\n" + value;
  int draws = 0;
  const std::string entry = ca::github::file_entry("CARGO_REGISTRIES_FUZZ_TOKEN", value, [&] {
    // First draws collide on purpose: a suffix taken from the value itself.
    return draws++ < 2 ? forced_suffix : ca::github::random_hex(16);
  });
  const GitHubFile parsed = GitHubFile::parse(entry);
  FUZZ_CHECK(parsed.error.empty());
  FUZZ_CHECK(parsed.entries.size() == 1);
  FUZZ_CHECK(parsed.entries[0].first == "CARGO_REGISTRIES_FUZZ_TOKEN");
  FUZZ_CHECK(parsed.entries[0].second == value);
  return 0;
}
