#include "check/probe_report.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "check/rejection_causes.hpp"
#include "core/secret_registry.hpp"
#include "hosts/markdown_cell.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string status_text(const ProbeResult& r) { return r.status == 0 ? "-" : std::to_string(r.status); }

std::string auth_text(const ProbeResult& r) {
  if (!r.auth_required) return "-";
  return *r.auth_required ? "yes" : "no";
}

std::string latency_text(const ProbeResult& r) {
  if (r.verdict == ProbeVerdict::kNotChecked || r.verdict == ProbeVerdict::kRefusedInsecure) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f ms", r.seconds * 1000);
  return buffer;
}

}  // namespace

std::string probe_advice(const ProbeResult& r, double timeout_seconds) {
  switch (r.verdict) {
    case ProbeVerdict::kOk:
    case ProbeVerdict::kNotChecked:
      return "";
    case ProbeVerdict::kUnauthorized:
      return "the registry did not accept the credential from " + r.credential_source + ". " +
             rejection_causes(401, r.index);
    case ProbeVerdict::kForbidden:
      return "the credential from " + r.credential_source + " is known but was refused. " +
             rejection_causes(403, r.index);
    case ProbeVerdict::kNotCargoRegistry:
      return "this URL does not serve a cargo sparse index; set index to the index root that serves "
             "config.json";
    case ProbeVerdict::kTls:
      return "the server's TLS certificate is not trusted (verification is never disabled); install its CA "
             "certificate";
    case ProbeVerdict::kDns:
      return "the host name does not resolve; check the index URL";
    case ProbeVerdict::kTimeout: {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "no answer within %g s (--timeout)", timeout_seconds);
      return buffer;
    }
    case ProbeVerdict::kUnreachable:
      return "nothing accepted the connection; check the host and port of the index URL";
    case ProbeVerdict::kRefusedInsecure:
      return "use an https:// index URL";
    case ProbeVerdict::kNoCredential:
      return "the registry requires a credential and none was found";
    case ProbeVerdict::kHttpError:
    case ProbeVerdict::kNetworkError:
      return "the registry could not be read";
  }
  return "";
}

void report_probe_table(Host& host, const std::vector<ProbeResult>& results, const std::string& title) {
  const std::vector<std::string> header = {"Registry", "Index",   "Credential", "HTTP",
                                           "Auth",     "Latency", "Verdict"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : results) {
    rows.push_back({r.registry, r.index, r.credential_source, status_text(r), auth_text(r), latency_text(r),
                    verdict_name(r.verdict)});
  }
  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    widths[c] = header[c].size();
    for (const auto& row : rows) widths[c] = std::max(widths[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c)
      text += (c ? "  " : "") + (c + 1 < cells.size() ? pad(cells[c], widths[c]) : cells[c]);
    return text;
  };
  host.begin_group(title);
  host.info(line(header));
  for (const auto& row : rows) host.info(line(row));
  host.end_group();
  std::string markdown =
      "### " + markdown_cell(title) + "\n\n| " + join(header, " | ") + " |\n|---|---|---|---|---|---|---|\n";
  for (const auto& row : rows) {
    markdown += "|";
    for (const auto& cell : row) markdown += " " + markdown_cell(cell) + " |";
    markdown += "\n";
  }
  host.summary(markdown);
}

nlohmann::json probes_to_json(const std::vector<ProbeResult>& results) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json row = {
        {"registry", r.registry},
        {"index", r.index},
        {"credential_source", r.credential_source},
        {"status", r.status},
        {"auth_required", r.auth_required ? nlohmann::json(*r.auth_required) : nlohmann::json()},
        {"latency_ms", static_cast<long>(r.seconds * 1000 + 0.5)},
        {"verdict", verdict_name(r.verdict)},
        {"ok", !r.failed()},
        {"detail", r.detail}};
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {
// Redacts every string (keys too) before serialising: a replace over the
// serialised text would miss a token JSON escapes (", \\, TAB) and could turn
// JSON syntax itself into "***".
nlohmann::json redacted_values(const nlohmann::json& value) {
  if (value.is_string()) return SecretRegistry::instance().redact(value.get<std::string>());
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(redacted_values(item));
    return out;
  }
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : value.items())
      out[SecretRegistry::instance().redact(key)] = redacted_values(item);
    return out;
  }
  return value;
}
}  // namespace

std::string json_document(const nlohmann::json& json) {
  // ensure_ascii: every non-ASCII or control character is a visible \uXXXX
  // escape, so no zero-width character can hide a command from a CI parser;
  // then "##" (only ever inside a string) is written "#\u0023", same value.
  std::string text = redacted_values(json).dump(2, ' ', true, nlohmann::json::error_handler_t::replace);
  return replace_all(std::move(text), "##", "#\\u0023");
}

void write_json_stdout(const nlohmann::json& json) { std::cout << json_document(json) << '\n' << std::flush; }

}  // namespace ca
