#include "faults.hpp"

#include <algorithm>
#include <stdexcept>

namespace local_registry {

namespace {

template <typename T>
T field(const nlohmann::json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument(std::string("fault rule field `") + key + "` has the wrong type");
  }
}

}  // namespace

nlohmann::json FaultRule::to_json() const {
  nlohmann::json j = {{"method", method}, {"path_prefix", path_prefix}, {"status", status},
                      {"times", times},   {"delay_ms", delay_ms},       {"drop", drop}};
  if (retry_after) j["retry_after"] = *retry_after;
  if (body) j["body"] = *body;
  if (content_type) j["content_type"] = *content_type;
  return j;
}

FaultRule fault_rule_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::invalid_argument("a fault rule must be a JSON object");
  static const char* kKnown[] = {"method",   "path_prefix", "status", "retry_after", "times",
                                 "delay_ms", "drop",        "body",   "content_type"};
  for (const auto& [key, _] : j.items()) {
    // Typos such as `path` instead of `path_prefix` would silently match every request.
    if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return key == k; })) {
      throw std::invalid_argument("unknown fault rule field `" + key + "`");
    }
  }
  FaultRule r;
  r.method = field<std::string>(j, "method", "");
  std::transform(r.method.begin(), r.method.end(), r.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  r.path_prefix = field<std::string>(j, "path_prefix", "");
  r.status = field<int>(j, "status", 0);
  if (j.contains("retry_after") && !j["retry_after"].is_null()) {
    r.retry_after = field<int>(j, "retry_after", 0);
  }
  r.times = field<int>(j, "times", 1);
  r.delay_ms = field<int>(j, "delay_ms", 0);
  r.drop = field<bool>(j, "drop", false);
  if (j.contains("body") && !j["body"].is_null()) r.body = field<std::string>(j, "body", "");
  if (j.contains("content_type") && !j["content_type"].is_null()) {
    r.content_type = field<std::string>(j, "content_type", "");
  }
  if (r.status != 0 && (r.status < 100 || r.status > 599)) {
    throw std::invalid_argument("fault rule status must be 0 or 100..599");
  }
  if (r.times < -1 || r.times == 0) throw std::invalid_argument("fault rule times must be -1 or >= 1");
  if (r.delay_ms < 0 || r.delay_ms > 600000) {
    throw std::invalid_argument("fault rule delay_ms must be 0..600000");
  }
  if (r.retry_after && *r.retry_after < 0) throw std::invalid_argument("retry_after must be >= 0");
  return r;
}

std::vector<FaultRule> fault_rules_from_json(const nlohmann::json& j) {
  std::vector<FaultRule> rules;
  if (j.is_array()) {
    for (const auto& r : j) rules.push_back(fault_rule_from_json(r));
  } else {
    rules.push_back(fault_rule_from_json(j));
  }
  return rules;
}

void FaultTable::add(std::vector<FaultRule> rules) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& r : rules) rules_.push_back(std::move(r));
}

void FaultTable::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  rules_.clear();
}

nlohmann::json FaultTable::to_json() const {
  std::lock_guard<std::mutex> lock(mutex_);
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& r : rules_) arr.push_back(r.to_json());
  return arr;
}

std::optional<FaultRule> FaultTable::take(const std::string& method, const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (!it->method.empty() && it->method != method) continue;
    if (path.compare(0, it->path_prefix.size(), it->path_prefix) != 0) continue;
    FaultRule fired = *it;
    if (it->times > 0 && --it->times == 0) rules_.erase(it);
    return fired;
  }
  return std::nullopt;
}

}  // namespace local_registry
