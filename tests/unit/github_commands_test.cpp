// The GitHub workflow-command and environment-file rules: escaping of data and
// properties, neutralised plain lines, and heredoc delimiters that can never
// occur in the value they close.
#include "hosts/github/github_commands.hpp"

#include <gtest/gtest.h>

#include "support/github_files.hpp"

namespace ca::github {
namespace {

TEST(GitHubCommands, DataEscapesPercentCarriageReturnAndLineFeed) {
  EXPECT_EQ(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
  EXPECT_EQ(escape_data("a:b,c"), "a:b,c");
  EXPECT_EQ(unescape_data(escape_data("%0A literal\n")), "%0A literal\n");
}

TEST(GitHubCommands, PropertiesAlsoEscapeColonAndComma) {
  EXPECT_EQ(escape_property("C:\\dir,x%\n"), "C%3A\\dir%2Cx%25%0A");
  EXPECT_EQ(unescape_property(escape_property("a,b:c%2C")), "a,b:c%2C");
}

TEST(GitHubCommands, ErrorAnnotationCarriesFileLineAndColumn) {
  const std::string line = annotation("error", "bad\nvalue", SourceLocation{"/w/a,b:c.toml", 3, 7, {}});
  EXPECT_EQ(line, "::error file=/w/a%2Cb%3Ac.toml,line=3,col=7::bad%0Avalue");
  const auto parsed = test::GitHubLog::parse(line);
  ASSERT_EQ(parsed.commands.size(), 1U);
  EXPECT_EQ(parsed.commands[0].properties.at("file"), "/w/a,b:c.toml");
  EXPECT_EQ(parsed.commands[0].properties.at("line"), "3");
  EXPECT_EQ(parsed.commands[0].properties.at("col"), "7");
  EXPECT_EQ(parsed.commands[0].data, "bad\nvalue");
}

TEST(GitHubCommands, AnnotationWithoutFileNamesTheOriginInTheText) {
  EXPECT_EQ(annotation("warning", "no token", SourceLocation{{}, 0, 0, "environment X"}),
            "::warning::environment X: no token");
  EXPECT_EQ(annotation("warning", "plain"), "::warning::plain");
}

TEST(GitHubCommands, PlainLinesNeverStartACommand) {
  for (const std::string text :
       {"::add-mask::x", "  ::set-output name=a::b", "\t::error::forged", "##[group]x"}) {
    const std::string line = plain_line(text);
    EXPECT_TRUE(test::GitHubLog::parse(line).commands.empty()) << line;
    EXPECT_EQ(line.find("##["), std::string::npos) << line;
  }
  EXPECT_EQ(plain_line("registry a\n::error::x"), "registry a\\n::error::x");
  EXPECT_EQ(plain_line("a\rb"), "a\\rb");
  EXPECT_EQ(plain_line("ok: fine"), "ok: fine");
}

TEST(GitHubCommands, GroupAndDebugEscapeTheirText) {
  EXPECT_EQ(group("Registries\n::x"), "::group::Registries%0A::x");
  EXPECT_EQ(end_group(), "::endgroup::");
  EXPECT_EQ(debug("100%"), "::debug::100%25");
}

TEST(GitHubCommands, FileEntryUsesAFreshDelimiterAbsentFromTheValue) {
  int calls = 0;
  // The first suffix occurs in the value, so a second must be drawn.
  const RandomSuffix suffixes = [&] { return ++calls == 1 ? std::string("aaaa") : std::string("bbbb"); };
  const std::string entry = file_entry("NAME", "x\nghadelimiter_aaaa\ny", suffixes);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(entry, "NAME<<ghadelimiter_bbbb\nx\nghadelimiter_aaaa\ny\nghadelimiter_bbbb\n");
  const auto parsed = test::GitHubFile::parse(entry);
  ASSERT_TRUE(parsed.error.empty()) << parsed.error;
  EXPECT_EQ(parsed.values().at("NAME"), "x\nghadelimiter_aaaa\ny");
}

TEST(GitHubCommands, RandomDelimitersDiffer) {
  const std::string a = file_entry("A", "v");
  const std::string b = file_entry("A", "v");
  EXPECT_NE(a, b);
  EXPECT_EQ(random_hex(16).size(), 32U);
}

}  // namespace
}  // namespace ca::github
