// Fuzzes the Azure logging-command builders and the host adapter that uses
// them, against the agent-side parser the scenario tests use (AzureLog).
// Properties, for any message / property value:
//   - every command builder returns ONE line holding exactly one command,
//     whose unescaped data and properties equal the input (round trip);
//   - AzureHost::error/warning/debug write exactly one command each, with the
//     message as its data; info and group titles write no command at all;
//   - a plain line holds no "##" (so neither "##vso[" nor "##[") and no CR/LF,
//     and the agent's own reading (culture-sensitive IndexOf through ICU, which
//     skips zero-width characters) finds no command in it either.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>

#include "core/environment.hpp"
#include "core/secret_registry.hpp"
#include "fuzz_check.hpp"
#include "hosts/azure/azure_commands.hpp"
#include "hosts/azure/azure_host.hpp"
#include "support/azure_log.hpp"
#include "support/dotnet_text.hpp"

namespace {

using ca::test::AzureLog;

bool one_line(const std::string& line) {
  return line.find('\n') == std::string::npos && line.find('\r') == std::string::npos;
}

void check_builders(const std::string& value, const std::string& message) {
  const ca::SourceLocation where{value, 7, 3, {}};
  const std::string issue = ca::azure::log_issue("error", message, where);
  FUZZ_CHECK(one_line(issue));
  const AzureLog issue_log = AzureLog::parse(issue + "\n");
  FUZZ_CHECK(issue_log.commands.size() == 1);
  FUZZ_CHECK(issue_log.commands[0].name == "task.logissue");
  FUZZ_CHECK(issue_log.commands[0].data == message);
  FUZZ_CHECK(issue_log.commands[0].properties.size() == (value.empty() ? 1U : 4U));
  if (!value.empty()) {
    const std::string& got = issue_log.commands[0].properties.at("sourcepath");
    if (got != value)
      std::fprintf(stderr, "line: [%s]\nsourcepath: [%s]\nvalue: [%s]\n", issue.c_str(), got.c_str(),
                   value.c_str());
    FUZZ_CHECK(got == value);
  }

  const std::string variable = ca::azure::set_variable(value, message, false);
  FUZZ_CHECK(one_line(variable));
  const AzureLog variable_log = AzureLog::parse(variable + "\n");
  FUZZ_CHECK(variable_log.commands.size() == 1);
  FUZZ_CHECK(variable_log.commands[0].properties.at("variable") == value);
  FUZZ_CHECK(variable_log.commands[0].properties.at("issecret") == "false");
  FUZZ_CHECK(variable_log.commands[0].data == message);

  for (const std::string& line :
       {ca::azure::set_secret(message), ca::azure::debug(message), ca::azure::complete("Failed", message)}) {
    FUZZ_CHECK(one_line(line));
    const AzureLog log = AzureLog::parse(line + "\n");
    FUZZ_CHECK(log.commands.size() == 1);
    FUZZ_CHECK(log.commands[0].data == message);
  }

  const std::string plain = ca::azure::plain_line(message);
  FUZZ_CHECK(one_line(plain));
  FUZZ_CHECK(plain.find("##") == std::string::npos);
  FUZZ_CHECK(!ca::test::dotnet::azure_agent_sees_command(plain));
  FUZZ_CHECK(AzureLog::parse(plain + "\n").commands.empty());
}

void check_host(const std::string& value, const std::string& message) {
  std::ostringstream out;
  const ca::Environment env;
  ca::AzureHost host(out, env, /*debug_enabled=*/true);
  host.info(message);
  host.begin_group(message);
  host.end_group();
  FUZZ_CHECK(AzureLog::parse(out.str()).commands.empty());
  host.error(message, ca::SourceLocation{value, 1, 1, {}});
  host.warning(message, {});
  host.debug(message);
  const AzureLog log = AzureLog::parse(out.str());
  FUZZ_CHECK(log.commands.size() == 3);
  for (const auto& command : log.commands) FUZZ_CHECK(command.data == message);
  FUZZ_CHECK(log.commands[0].name == "task.logissue");
  FUZZ_CHECK(log.commands[2].name == "task.debug");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  const std::string value = provider.ConsumeRandomLengthString(256);
  const std::string message = provider.ConsumeRemainingBytesAsString();
  check_builders(value, message);
  check_host(value, message);
  return 0;
}
