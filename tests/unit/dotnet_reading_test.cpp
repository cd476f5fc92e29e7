// Plain lines of every host adapter, checked against the CI hosts' real
// reading rather than an ordinal search: the GitHub runner's TrimStart() (every
// .NET white space) then "::", and the culture-sensitive IndexOf/StartsWith of
// the agent and the runner (ICU root collation skips zero-width characters).
// Before this, "\u00A0::warning::" and "#\u200B#vso[" were live commands.
#include <gtest/gtest.h>

#include "hosts/azure/azure_commands.hpp"
#include "hosts/cnb/cnb_commands.hpp"
#include "hosts/github/github_commands.hpp"
#include "support/azure_log.hpp"
#include "support/dotnet_text.hpp"
#include "support/github_files.hpp"

namespace ca {
namespace {

// Every .NET white space (char.IsWhiteSpace) as UTF-8, and ignorable characters.
const std::vector<std::string> kDotnetSpaces = {
    "\t",     "\n",     "\v",     "\f",     "\r",     " ",      "\u0085", "\u00A0", "\u1680",
    "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008",
    "\u2009", "\u200A", "\u2028", "\u2029", "\u202F", "\u205F", "\u3000"};
const std::vector<std::string> kIgnorables = {"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF",
                                              "\u00AD", "\x01",   "\x7F",   "\u034F", "\u180E"};

std::vector<std::string> hostile_lines() {
  std::vector<std::string> lines;
  for (const auto& space : kDotnetSpaces) {
    for (const std::string command :
         {"::warning::x", "::add-mask::x", "::stop-commands::x", "::set-env name=A::b"}) {
      lines.push_back(space + command);
      lines.push_back(space + space + command);
    }
  }
  for (const auto& zero : kIgnorables) {
    lines.push_back(zero + "::warning::x");
    lines.push_back(":" + zero + ":warning::x");
    lines.push_back("\u00A0" + zero + "::error::x");
    lines.push_back("#" + zero + "#vso[task.setvariable variable=EVIL;]x");
    lines.push_back("a #" + zero + "#vso[task.complete result=Failed;]x");
    lines.push_back("##" + zero + "vso[task.complete result=Failed;]x");
    lines.push_back(zero + "##[error]x");
    lines.push_back("#" + zero + "#[group]x");
    lines.push_back("#" + zero + "#" + zero + "#vso[task.setvariable variable=EVIL;]x");
  }
  return lines;
}

TEST(DotnetReading, TheEmulationSeesWhatTheOldNeutralisersLetThrough) {
  // The rule itself, against known answers: these are commands to .NET.
  EXPECT_TRUE(test::dotnet::azure_agent_sees_command("#\u200B#vso[task.complete]x"));
  EXPECT_TRUE(test::dotnet::azure_agent_sees_command("a #\u00AD#vso[task.complete]x"));
  EXPECT_TRUE(test::dotnet::github_runner_sees_command("\u00A0::warning::x"));
  EXPECT_TRUE(test::dotnet::github_runner_sees_command("\u3000::warning::x"));
  EXPECT_TRUE(test::dotnet::github_runner_sees_command(":\u200B:warning::x"));
  EXPECT_TRUE(test::dotnet::github_runner_sees_command("#\u200B#[error]x"));
  // ... and these are not.
  EXPECT_FALSE(test::dotnet::azure_agent_sees_command("#\\#vso[task.complete]x"));
  EXPECT_FALSE(test::dotnet::azure_agent_sees_command("#\u00E9#vso[task.complete]x"));
  EXPECT_FALSE(test::dotnet::github_runner_sees_command("\u00E9::warning::x"));
  EXPECT_FALSE(test::dotnet::github_runner_sees_command(":\\:warning::x"));
  EXPECT_EQ(test::dotnet::trim_start("\u00A0\u2003\u3000\v\fx \u200B"), "x \u200B");
  EXPECT_EQ(test::dotnet::trim_start("\u200Bx"), "\u200Bx");  // U+200B is not white space in .NET
}

TEST(DotnetReading, AzurePlainLinesHoldNoCommandTheAgentReads) {
  int checked = 0;
  for (const auto& text : hostile_lines()) {
    const std::string line = azure::plain_line(text);
    EXPECT_FALSE(test::dotnet::azure_agent_sees_command(line)) << line;
    EXPECT_TRUE(test::AzureLog::parse(line + "\n").commands.empty()) << line;
    ++checked;
  }
  std::cout << "azure plain lines checked with ICU: " << checked << "\n";
}

TEST(DotnetReading, GitHubPlainLinesHoldNoCommandTheRunnerReads) {
  for (const auto& text : hostile_lines()) {
    const std::string line = github::plain_line(text);
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
    EXPECT_FALSE(test::dotnet::github_runner_sees_command(line)) << line;
    EXPECT_TRUE(test::GitHubLog::parse(line + "\n").commands.empty()) << line;
  }
}

TEST(DotnetReading, CnbPlainLinesHoldNoMarker) {
  for (const auto& text : hostile_lines()) {
    const std::string line = cnb::plain_line(text);
    EXPECT_FALSE(test::dotnet::culture_index_of(line, "##[").has_value()) << line;
  }
}

TEST(DotnetReading, NeutralisingKeepsEveryCharacterAndAddsOnlyBackslashes) {
  for (const auto& text : hostile_lines()) {
    if (text.find_first_of("\r\n") != std::string::npos) continue;
    std::string line = github::plain_line(text);
    std::string stripped;
    for (char c : line) {
      if (c != '\\') stripped += c;
    }
    EXPECT_EQ(stripped, text);
  }
}

}  // namespace
}  // namespace ca
