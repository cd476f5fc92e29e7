#pragma once
// How probe results are shown: an aligned table through the host (and a
// Markdown table for the run summary), one error per failed registry saying
// what to do, and the JSON form of `check --json`.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "check/registry_probe.hpp"
#include "hosts/host.hpp"

namespace ca {

// What the user should do about a failed probe (empty for ok / not checked).
std::string probe_advice(const ProbeResult& result, double timeout_seconds);

void report_probe_table(Host& host, const std::vector<ProbeResult>& results, const std::string& title);

nlohmann::json probes_to_json(const std::vector<ProbeResult>& results);

// The JSON document of --json outputs: every string value redacted before it
// is serialised, pure ASCII, no "##". write_json_stdout prints it on stdout.
std::string json_document(const nlohmann::json& json);
void write_json_stdout(const nlohmann::json& json);

}  // namespace ca
