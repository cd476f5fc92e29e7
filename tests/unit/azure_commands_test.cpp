#include "hosts/azure/azure_commands.hpp"

#include <gtest/gtest.h>

#include "support/azure_log.hpp"

namespace ca {
namespace {

TEST(AzureCommands, EscapesLikeTheTaskLibrary) {
  EXPECT_EQ(azure::escape_property("a%b\r\nc]d;e"), "a%AZP25b%0D%0Ac%5Dd%3Be");
  EXPECT_EQ(azure::escape_data("a%b\r\nc]d;e"), "a%AZP25b%0D%0Ac]d;e");
  EXPECT_EQ(azure::set_variable("X", "v", false), "##vso[task.setvariable variable=X;issecret=false;]v");
  // The hand-written fast path says exactly what the generic builder says.
  for (const std::string name : {"X", "a;b]c%d\ne"}) {
    for (const std::string value : {"v", "x%y\r\n]; ##vso[task.complete]"}) {
      EXPECT_EQ(azure::set_variable(name, value, true, true),
                azure::command("task.setvariable",
                               {{"variable", name}, {"issecret", "true"}, {"isoutput", "true"}}, value));
      EXPECT_EQ(azure::set_variable(name, value, false),
                azure::command("task.setvariable", {{"variable", name}, {"issecret", "false"}}, value));
    }
  }
  EXPECT_EQ(azure::complete("Failed", "m"), "##vso[task.complete result=Failed;]m");
}

TEST(AzureCommands, HostileTextRoundTripsAsOneCommand) {
  const std::string hostile = "x];issecret=true]\n##vso[task.setvariable variable=EVIL]pwned%0A";
  const std::string line = azure::log_issue("error", hostile, SourceLocation{hostile, 3, 4, {}});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const auto log = test::AzureLog::parse(line);
  ASSERT_EQ(log.commands.size(), 1U);
  EXPECT_EQ(log.commands[0].name, "task.logissue");
  EXPECT_EQ(log.commands[0].data, hostile);
  EXPECT_EQ(log.commands[0].properties.at("sourcepath"), hostile);
  EXPECT_EQ(log.commands[0].properties.at("linenumber"), "3");
}

TEST(AzureCommands, PlainLinesCannotBecomeCommands) {
  const std::string line = azure::plain_line("name ##vso[task.setvariable variable=EVIL]x\n##[error]y");
  const auto log = test::AzureLog::parse(line);
  EXPECT_TRUE(log.commands.empty());
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find("##"), std::string::npos);
}

}  // namespace
}  // namespace ca
