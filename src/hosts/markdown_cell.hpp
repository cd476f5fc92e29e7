#pragma once
// One cell of a Markdown table in a run summary (Azure's uploadsummary tab,
// GitHub's $GITHUB_STEP_SUMMARY), from user-derived text (registry names, index
// URLs, cargo's words): secrets redacted FIRST (escaping could split a token so
// it no longer matches), then one line, '|' escaped, HTML and backticks made
// inert, so no text breaks out of its cell or injects markup. Never throws.
#include <string>
#include <string_view>

namespace ca {

std::string markdown_cell(std::string_view text);

}  // namespace ca
