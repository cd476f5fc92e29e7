// Plain log lines of every host adapter must never become a command of that
// host, whatever the user-derived text holds. Found by fuzzing: replacing
// "##" pairwise turned "###vso[" into "#<zwsp>##vso[", a live Azure command.
#include <gtest/gtest.h>

#include "hosts/azure/azure_commands.hpp"
#include "support/azure_log.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {

const std::vector<std::string> kHostile = {
    "###vso[task.setvariable variable=EVIL]x",
    "####vso[task.setvariable variable=EVIL]x",
    "#####[error]x",
    "a ##VSO[task.complete result=Failed]x",
    "##[group]x",
    "x\r##vso[task.setvariable variable=EVIL]y",
    "x\n##vso[task.setvariable variable=EVIL]y",
    "%0A##vso[task.setvariable variable=EVIL]y",
};

TEST(PlainLineInjection, AzurePlainLinesNeverHoldACommandMarker) {
  for (const auto& text : kHostile) {
    const std::string line = azure::plain_line(text);
    EXPECT_EQ(line.find('\n'), std::string::npos) << text;
    EXPECT_EQ(line.find('\r'), std::string::npos) << text;
    EXPECT_EQ(line.find("##"), std::string::npos) << line;
    EXPECT_TRUE(test::AzureLog::parse(line + "\n").commands.empty()) << line;
  }
}

TEST(PlainLineInjection, AzureCommandDataRoundTripsExactly) {
  for (const auto& text : kHostile) {
    const auto log =
        test::AzureLog::parse(azure::log_issue("warning", text, SourceLocation{text, 1, 2, {}}) + "\n");
    ASSERT_EQ(log.commands.size(), 1U) << text;
    EXPECT_EQ(log.commands[0].data, text);
    EXPECT_EQ(log.commands[0].properties.at("sourcepath"), text);
  }
}

}  // namespace
}  // namespace ca
