#include "support/local_registry.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

namespace ca::test {
namespace {

std::size_t collect(char* data, std::size_t size, std::size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

}  // namespace

HttpReply http_request(const std::string& method, const std::string& url, const std::string& body,
                       const std::string& authorization) {
  HttpReply reply;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return reply;
  curl_slist* headers = nullptr;
  if (!authorization.empty())
    headers = curl_slist_append(headers, ("Authorization: " + authorization).c_str());
  headers = curl_slist_append(headers, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  if (!body.empty() || method == "POST" || method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return reply;
}

LocalRegistry::LocalRegistry(const std::vector<std::string>& accepted, bool anonymous, std::string base_path)
    : base_path_(std::move(base_path)) {
  std::string tokens;
  for (const auto& t : accepted) tokens += t + "\n";
  const auto tokens_file = dir_.write("tokens", tokens);
  const auto port_file = dir_.path() / "port";
  std::filesystem::create_directories(dir_.path() / "data");
  std::vector<std::string> args = {CA_REGISTRY_BINARY,
                                   "--data",
                                   (dir_.path() / "data").string(),
                                   "--port",
                                   "0",
                                   "--tokens-file",
                                   tokens_file.string(),
                                   "--port-file",
                                   port_file.string()};
  if (anonymous) args.emplace_back("--anonymous");
  if (!base_path_.empty()) {
    args.emplace_back("--base-path");
    args.push_back(base_path_);
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDWR);
    ::dup2(null_fd, 0);
    ::dup2(null_fd, 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  pid_ = pid;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = read_file(port_file);
    if (!text.empty()) {
      port_ = std::stoi(text);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  throw std::runtime_error("local registry did not start within 15 s");
}

LocalRegistry::~LocalRegistry() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

std::string LocalRegistry::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
std::string LocalRegistry::index_url() const { return "sparse+" + base_url() + base_path_ + "/index/"; }

void LocalRegistry::set_faults(const std::string& json_rules) const {
  if (http_request("POST", base_url() + "/_control/faults", json_rules).status != 200) {
    throw std::runtime_error("registry refused fault rules");
  }
}
void LocalRegistry::clear_faults() const { http_request("DELETE", base_url() + "/_control/faults"); }
std::string LocalRegistry::request_log() const {
  return http_request("GET", base_url() + "/_control/log").body;
}
void LocalRegistry::clear_log() const { http_request("DELETE", base_url() + "/_control/log"); }

int LocalRegistry::count_requests(const std::string& method, const std::string& path_prefix) const {
  const auto log = nlohmann::json::parse(request_log(), nullptr, false);
  int count = 0;
  if (!log.is_array()) return -1;
  for (const auto& entry : log) {
    if (entry.value("method", "") == method && entry.value("path", "").rfind(path_prefix, 0) == 0) ++count;
  }
  return count;
}

}  // namespace ca::test
