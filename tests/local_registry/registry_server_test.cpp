// Black-box tests for cargo-authenticate-registry. Each test starts the real binary on a free
// port with a fresh data dir, talks to it with httplib's client, and (for the end-to-end
// proof) drives real cargo against it. Every child process and request has a deadline so a
// hung server fails a test instead of hanging the suite.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr const char* kToken = "good-token";
constexpr const char* kBasicToken = "Basic dXNlcjpwYXNz";
constexpr const char* kReadOnlyToken = "ro-token";
constexpr const char* kTokensFile = "good-token\nBasic dXNlcjpwYXNz\nreadonly:ro-token\n";

// ---------------------------------------------------------------------------------------------
// Small helpers

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::string sha256_hex(const std::string& data) {
  unsigned char d[32];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), d, &len, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned i = 0; i < len; ++i) {
    snprintf(buf, sizeof buf, "%02x", d[i]);
    hex += buf;
  }
  return hex;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "local-registry-test-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::optional<fs::path> find_on_path(const std::string& exe) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::stringstream ss(path);
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    if (dir.empty()) continue;
    fs::path candidate = fs::path(dir) / exe;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// A child process in its own process group, so a timeout kills everything it started (cargo
// spawns rustc and build scripts).
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::vector<std::string>& env, const fs::path& cwd,
        const fs::path& output) {
    // Everything the child needs is prepared before fork(): after fork in a multi-threaded
    // process only async-signal-safe calls are allowed.
    std::vector<char*> cargv;
    for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    std::vector<char*> cenv;
    for (const auto& e : env) cenv.push_back(const_cast<char*>(e.c_str()));
    cenv.push_back(nullptr);
    const std::string cwd_s = cwd.string();
    const std::string out_s = output.string();
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      setpgid(0, 0);
      int fd = open(out_s.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      int devnull = open("/dev/null", O_RDONLY);
      if (fd < 0 || devnull < 0 || chdir(cwd_s.c_str()) != 0) _exit(126);
      dup2(devnull, 0);
      dup2(fd, 1);
      dup2(fd, 2);
      execve(cargv[0], cargv.data(), cenv.data());
      _exit(127);
    }
    setpgid(pid_, pid_);  // also from the parent, to close the race with a quick kill
  }
  ~Child() {
    if (pid_ > 0 && !exited_) {
      kill(-pid_, SIGKILL);
      kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }

  bool running() {
    if (exited_) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      status_ = status;
    }
    return !exited_;
  }

  // Waits until the deadline, then SIGKILLs the whole group. Returns the exit code, or
  // nullopt on timeout or death by signal.
  std::optional<int> wait_for(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(-pid_, SIGKILL);
        kill(pid_, SIGKILL);
        waitpid(pid_, &status_, 0);
        exited_ = true;
        return std::nullopt;
      }
      std::this_thread::sleep_for(20ms);
    }
    if (WIFEXITED(status_)) return WEXITSTATUS(status_);
    return std::nullopt;
  }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
  int status_ = 0;
};

std::vector<std::string> inherited_env_without(const std::vector<std::string>& drop_prefixes) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string s = *e;
    bool drop = false;
    for (const auto& p : drop_prefixes) drop |= s.rfind(p, 0) == 0;
    if (!drop) env.push_back(s);
  }
  return env;
}

// ---------------------------------------------------------------------------------------------
// The server under test

struct ServerConfig {
  bool anonymous = false;
  std::string tokens_file = kTokensFile;  // empty: no --tokens-file
  std::string env_tokens;                 // LOCAL_REGISTRY_TOKENS, if non-empty
  std::string faults_json;                // --faults-file content, if non-empty
  std::vector<std::string> extra_args;
};

class RegistryProcess {
 public:
  // `data_dir` lets a test restart a server on the same data.
  RegistryProcess(const fs::path& work, const fs::path& data_dir, const ServerConfig& cfg) {
    fs::create_directories(work);
    const fs::path port_file = work / "port";
    fs::remove(port_file);
    std::vector<std::string> argv = {REGISTRY_BIN, "--data",      data_dir.string(), "--port",
                                     "0",          "--port-file", port_file.string()};
    if (!cfg.tokens_file.empty()) {
      write_text(work / "tokens", cfg.tokens_file);
      argv.insert(argv.end(), {"--tokens-file", (work / "tokens").string()});
    }
    if (!cfg.faults_json.empty()) {
      write_text(work / "faults.json", cfg.faults_json);
      argv.insert(argv.end(), {"--faults-file", (work / "faults.json").string()});
    }
    if (cfg.anonymous) argv.push_back("--anonymous");
    argv.insert(argv.end(), cfg.extra_args.begin(), cfg.extra_args.end());
    auto env = inherited_env_without({"LOCAL_REGISTRY_TOKENS="});
    if (!cfg.env_tokens.empty()) env.push_back("LOCAL_REGISTRY_TOKENS=" + cfg.env_tokens);
    output_ = work / "server.log";
    child_ = std::make_unique<Child>(argv, env, work, output_);

    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline) {
      std::string text = fs::exists(port_file) ? read_text(port_file) : "";
      if (!text.empty() && text.back() == '\n') {
        port_ = std::stoi(text);
        return;
      }
      if (!child_->running()) break;
      std::this_thread::sleep_for(20ms);
    }
    throw std::runtime_error("registry did not start: " + read_text(output_));
  }

  ~RegistryProcess() { stop(); }

  // SIGTERM and wait; returns the exit code (nullopt if it had to be killed).
  std::optional<int> stop() {
    if (!child_) return std::nullopt;
    if (child_->running()) kill(child_->pid(), SIGTERM);
    auto code = child_->wait_for(10s);
    child_.reset();
    return code;
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string output() const { return read_text(output_); }

  std::unique_ptr<httplib::Client> client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_connection_timeout(5s);
    c->set_read_timeout(20s);
    c->set_write_timeout(20s);
    return c;
  }

 private:
  std::unique_ptr<Child> child_;
  fs::path output_;
  int port_ = 0;
};

httplib::Headers auth(const std::string& token) { return {{"Authorization", token}}; }

std::string u32le(uint32_t n) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return s;
}

std::string frame(const std::string& metadata, const std::string& crate) {
  return u32le(static_cast<uint32_t>(metadata.size())) + metadata +
         u32le(static_cast<uint32_t>(crate.size())) + crate;
}

// Publish metadata shaped like what cargo 1.95 sends.
json metadata(const std::string& name, const std::string& vers, json deps = json::array()) {
  return {{"name", name},
          {"vers", vers},
          {"deps", std::move(deps)},
          {"features", json::object()},
          {"authors", json::array()},
          {"description", "test crate"},
          {"documentation", nullptr},
          {"homepage", nullptr},
          {"readme", nullptr},
          {"readme_file", nullptr},
          {"keywords", json::array()},
          {"categories", json::array()},
          {"license", "MIT"},
          {"license_file", nullptr},
          {"repository", nullptr},
          {"badges", json::object()},
          {"links", nullptr},
          {"rust_version", nullptr}};
}

json parse_lines(const std::string& text) {
  json arr = json::array();
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) arr.push_back(json::parse(line));
  }
  return arr;
}

std::string first_error(const std::string& body) {
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.contains("errors") || j["errors"].empty()) return {};
  return j["errors"][0].value("detail", "");
}

// ---------------------------------------------------------------------------------------------
// Fixture: one fresh server per test

class RegistryTest : public ::testing::Test {
 protected:
  void start(const ServerConfig& cfg = {}) {
    server_.reset();
    server_ = std::make_unique<RegistryProcess>(tmp_.path() / "server", tmp_.path() / "data", cfg);
    http_ = server_->client();
  }
  void SetUp() override { start(); }

  httplib::Result publish(const std::string& body, const std::string& token = kToken) {
    return http_->Put("/api/v1/crates/new", auth(token), body, "application/octet-stream");
  }
  httplib::Result publish_crate(const std::string& name, const std::string& vers,
                                const std::string& crate_bytes, json deps = json::array()) {
    return publish(frame(metadata(name, vers, std::move(deps)).dump(), crate_bytes));
  }
  json control_log() {
    auto r = http_->Get("/_control/log");
    EXPECT_TRUE(r);
    return r ? json::parse(r->body) : json::array();
  }

  TempDir tmp_;
  std::unique_ptr<RegistryProcess> server_;
  std::unique_ptr<httplib::Client> http_;
};

// ---------------------------------------------------------------------------------------------
// Auth

TEST_F(RegistryTest, ConfigJsonNeedsTokenAndAnswersWithCargoChallenge) {
  auto r = http_->Get("/index/config.json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->get_header_value("WWW-Authenticate"), "Cargo login_url=\"" + server_->url() + "/me\"");
  EXPECT_FALSE(first_error(r->body).empty());

  r = http_->Get("/index/config.json", auth("wrong-token"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_NE(first_error(r->body).find("not accepted"), std::string::npos) << r->body;
  EXPECT_EQ(r->body.find("wrong-token"), std::string::npos) << "token echoed back";

  for (const char* token : {kToken, kBasicToken, kReadOnlyToken}) {
    r = http_->Get("/index/config.json", auth(token));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << token;
    auto config = json::parse(r->body);
    EXPECT_EQ(config["dl"], server_->url() + "/api/v1/crates");
    EXPECT_EQ(config["api"], server_->url());
    EXPECT_EQ(config["auth-required"], true);
  }
}

TEST_F(RegistryTest, TokenComparisonIsExact) {
  // (Surrounding spaces are not tested: HTTP strips them from header values before any
  // server sees them.)
  for (const char* near_miss : {"good-toke", "good-tokenx", "Bearer good-token", "GOOD-TOKEN",
                                "readonly:ro-token", "Basic dXNlcjpwYXNz=", ""}) {
    auto r = http_->Get("/index/config.json", auth(near_miss));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << "'" << near_miss << "'";
  }
}

TEST_F(RegistryTest, EveryRouteNeedsTokenIncludingUnknownOnes) {
  for (const char* path : {"/index/3/f/foo", "/api/v1/crates/foo/1.0.0/download", "/nope"}) {
    auto r = http_->Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << path;
    EXPECT_TRUE(r->has_header("WWW-Authenticate")) << path;
  }
  auto r = http_->Put("/api/v1/crates/new", frame("{}", ""), "application/octet-stream");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

TEST_F(RegistryTest, UnknownRouteIs404WithErrorsBody) {
  for (const char* path : {"/nope", "/api/v1/whatever", "/index/", "/index/../data"}) {
    auto r = http_->Get(path, auth(kToken));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_FALSE(first_error(r->body).empty()) << path;
  }
  auto r = http_->Post("/api/v1/crates/new", auth(kToken), "", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

TEST_F(RegistryTest, ReadOnlyTokenReadsButCannotWrite) {
  ASSERT_EQ(publish_crate("shared", "1.0.0", "bytes")->status, 200);
  auto r = http_->Get("/index/sh/ar/shared", auth(kReadOnlyToken));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  r = publish(frame(metadata("other", "1.0.0").dump(), "x"), kReadOnlyToken);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_FALSE(first_error(r->body).empty());
  r = http_->Delete("/api/v1/crates/shared/1.0.0/yank", auth(kReadOnlyToken));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
}

TEST_F(RegistryTest, TokensFromEnvironmentAreAccepted) {
  ServerConfig cfg;
  cfg.tokens_file.clear();
  cfg.env_tokens = "env-token-1\nBearer env-token-2\n";
  start(cfg);
  for (const char* token : {"env-token-1", "Bearer env-token-2"}) {
    auto r = http_->Get("/index/config.json", auth(token));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << token;
  }
  EXPECT_EQ(http_->Get("/index/config.json", auth(kToken))->status, 401);
}

TEST_F(RegistryTest, AnonymousModeServesReadsButNotWrites) {
  ServerConfig cfg;
  cfg.anonymous = true;
  start(cfg);
  auto r = http_->Get("/index/config.json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["auth-required"], false);
  EXPECT_EQ(http_->Get("/index/3/f/foo")->status, 404);
  r = http_->Put("/api/v1/crates/new", frame(metadata("foo", "1.0.0").dump(), "x"),
                 "application/octet-stream");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(publish_crate("foo", "1.0.0", "x")->status, 200);
  EXPECT_EQ(http_->Get("/index/3/f/foo")->status, 200);
}

TEST_F(RegistryTest, WithoutTokensEveryRequestIs401) {
  // A registry that accepts nothing is a valid fixture ("every token is rejected").
  ServerConfig cfg;
  cfg.tokens_file.clear();
  start(cfg);
  for (const char* token : {kToken, kBasicToken, kReadOnlyToken}) {
    EXPECT_EQ(http_->Get("/index/config.json", auth(token))->status, 401) << token;
  }
  EXPECT_NE(server_->output().find("no tokens configured"), std::string::npos);
}

TEST_F(RegistryTest, BadCommandLineFails) {
  server_.reset();
  const fs::path work = tmp_.path() / "badargs";
  fs::create_directories(work);
  // --token does not exist on purpose: tokens never go on the command line.
  for (const std::vector<std::string>& argv :
       {std::vector<std::string>{REGISTRY_BIN, "--port", "0"},
        std::vector<std::string>{REGISTRY_BIN, "--data", work.string(), "--token", "x"},
        std::vector<std::string>{REGISTRY_BIN, "--data", work.string(), "--tokens-file",
                                 (work / "missing").string()}}) {
    Child child(argv, inherited_env_without({}), work, work / "out");
    auto code = child.wait_for(10s);
    ASSERT_TRUE(code.has_value());
    EXPECT_NE(*code, 0) << read_text(work / "out");
  }
}

// ---------------------------------------------------------------------------------------------
// Publish and index

TEST_F(RegistryTest, PublishAppearsInIndexAtCargoPathWithChecksum) {
  const std::string crate = std::string("fake .crate bytes\0with nul", 26);
  json deps = json::array({{{"name", "serde"},
                            {"version_req", "^1.0"},
                            {"features", {"derive"}},
                            {"optional", false},
                            {"default_features", true},
                            {"target", nullptr},
                            {"kind", "normal"},
                            {"registry", "https://github.com/rust-lang/crates.io-index"}},
                           {{"name", "real-name"},
                            {"version_req", "=0.3.1"},
                            {"features", json::array()},
                            {"optional", true},
                            {"default_features", false},
                            {"target", "cfg(unix)"},
                            {"kind", "dev"},
                            {"registry", nullptr},
                            {"explicit_name_in_toml", "alias"}}});
  json meta = metadata("My-Crate", "0.1.0", deps);
  meta["features"] = {{"default", {"std"}}, {"std", json::array()}, {"extra", {"dep:alias"}}};
  meta["links"] = "foo";
  auto r = publish(frame(meta.dump(), crate));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body),
            json::parse(R"({"warnings":{"invalid_categories":[],"invalid_badges":[],"other":[]}})"));

  r = http_->Get("/index/my/-c/my-crate", auth(kToken));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto lines = parse_lines(r->body);
  ASSERT_EQ(lines.size(), 1u);
  const json& e = lines[0];
  EXPECT_EQ(e["name"], "My-Crate");
  EXPECT_EQ(e["vers"], "0.1.0");
  EXPECT_EQ(e["cksum"], sha256_hex(crate));
  EXPECT_EQ(e["yanked"], false);
  EXPECT_EQ(e["links"], "foo");
  EXPECT_EQ(e["features"], json::parse(R"({"default":["std"],"std":[]})"));
  EXPECT_EQ(e["features2"], json::parse(R"({"extra":["dep:alias"]})"));
  EXPECT_EQ(e["v"], 2);
  ASSERT_EQ(e["deps"].size(), 2u);
  const json& serde = e["deps"][0];
  EXPECT_EQ(serde["name"], "serde");
  EXPECT_EQ(serde["req"], "^1.0");
  EXPECT_EQ(serde["features"], json::array({"derive"}));
  EXPECT_EQ(serde["registry"], "https://github.com/rust-lang/crates.io-index");
  EXPECT_FALSE(serde.contains("version_req"));
  EXPECT_FALSE(serde.contains("package"));
  const json& renamed = e["deps"][1];
  EXPECT_EQ(renamed["name"], "alias");
  EXPECT_EQ(renamed["package"], "real-name");
  EXPECT_EQ(renamed["req"], "=0.3.1");
  EXPECT_EQ(renamed["optional"], true);
  EXPECT_EQ(renamed["default_features"], false);
  EXPECT_EQ(renamed["target"], "cfg(unix)");
  EXPECT_EQ(renamed["kind"], "dev");
  EXPECT_TRUE(renamed["registry"].is_null());

  // The index file is one line per version and ends with a newline, as cargo expects.
  ASSERT_EQ(publish_crate("My-Crate", "0.2.0", "v2")->status, 200);
  r = http_->Get("/index/my/-c/my-crate", auth(kToken));
  ASSERT_TRUE(r);
  EXPECT_EQ(parse_lines(r->body).size(), 2u);
  EXPECT_EQ(r->body.back(), '\n');

  r = http_->Get("/api/v1/crates/My-Crate/0.1.0/download", auth(kToken));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, crate);
  EXPECT_EQ(http_->Get("/api/v1/crates/my-crate/9.9.9/download", auth(kToken))->status, 404);
}

TEST_F(RegistryTest, IndexPathsFollowCargoLayout) {
  const std::vector<std::pair<std::string, std::string>> cases = {{"a", "/index/1/a"},
                                                                  {"ab", "/index/2/ab"},
                                                                  {"abc", "/index/3/a/abc"},
                                                                  {"abcd", "/index/ab/cd/abcd"},
                                                                  {"Serde_JSON", "/index/se/rd/serde_json"}};
  for (const auto& [name, path] : cases) {
    ASSERT_EQ(publish_crate(name, "1.0.0", name)->status, 200) << name;
    auto r = http_->Get(path, auth(kToken));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path;
  }
  // Non-canonical spellings of the same file are not served.
  for (const char* path : {"/index/se/rd/Serde_JSON", "/index/3/b/abc", "/index/abcd"}) {
    EXPECT_EQ(http_->Get(path, auth(kToken))->status, 404) << path;
  }
  EXPECT_EQ(http_->Get("/index/un/kn/unknown", auth(kToken))->status, 404);
}

TEST_F(RegistryTest, DuplicatePublishIs400WithErrorsBody) {
  ASSERT_EQ(publish_crate("dup", "1.0.0", "one")->status, 200);
  for (const auto& [name, vers] : std::vector<std::pair<std::string, std::string>>{
           {"dup", "1.0.0"}, {"DUP", "1.0.0"}, {"dup", "1.0.0+build.5"}}) {
    auto r = publish_crate(name, vers, "two");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << name << "@" << vers;
    EXPECT_NE(first_error(r->body).find("already uploaded"), std::string::npos) << r->body;
  }
  auto r = publish_crate("dup", "1.0.0", "two");
  EXPECT_EQ(first_error(r->body), "crate version `dup@1.0.0` is already uploaded");
  // A new version under another spelling of the name is refused too, as on crates.io.
  r = publish_crate("Dup", "2.0.0", "three");
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(first_error(r->body).find("previously named `dup`"), std::string::npos) << r->body;
  // The original is untouched.
  r = http_->Get("/index/3/d/dup", auth(kToken));
  auto lines = parse_lines(r->body);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["cksum"], sha256_hex("one"));
}

TEST_F(RegistryTest, MalformedPublishBodiesAre400AndServerSurvives) {
  const std::string meta = metadata("body", "1.0.0").dump();
  const std::string good = frame(meta, "crate");
  std::vector<std::pair<std::string, std::string>> bodies = {
      {"empty", ""},
      {"three bytes", "abc"},
      {"metadata length beyond body", u32le(1000) + meta},
      {"missing crate length", u32le(meta.size()) + meta},
      {"crate length beyond body", u32le(meta.size()) + meta + u32le(100) + "short"},
      {"huge lengths", u32le(0xffffffffu) + u32le(0xffffffffu)},
      {"truncated by one", good.substr(0, good.size() - 1)},
      {"trailing bytes", good + "x"},
      {"metadata not json", frame("{not json", "c")},
      {"metadata not object", frame("[1,2]", "c")},
      {"missing name", frame(R"({"vers":"1.0.0"})", "c")},
      {"path traversal name", frame(metadata("../../etc", "1.0.0").dump(), "c")},
      {"path traversal version", frame(metadata("body", "1.0.0/../../x").dump(), "c")},
      {"bad dep", frame(metadata("body", "1.0.0", json::array({"x"})).dump(), "c")},
  };
  for (const auto& [what, body] : bodies) {
    auto r = publish(body);
    ASSERT_TRUE(r) << what;
    EXPECT_EQ(r->status, 400) << what << ": " << r->body;
    EXPECT_FALSE(first_error(r->body).empty()) << what;
  }
  // Still alive and still accepting a correct body.
  auto r = publish(good);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST_F(RegistryTest, YankAndUnyankUpdateIndex) {
  ASSERT_EQ(publish_crate("yanky", "1.0.0", "a")->status, 200);
  ASSERT_EQ(publish_crate("yanky", "1.1.0", "b")->status, 200);
  auto yanked = [&](const std::string& vers) {
    auto lines = parse_lines(http_->Get("/index/ya/nk/yanky", auth(kToken))->body);
    for (const auto& l : lines) {
      if (l["vers"] == vers) return l["yanked"].get<bool>();
    }
    ADD_FAILURE() << "no version " << vers;
    return false;
  };
  auto r = http_->Delete("/api/v1/crates/yanky/1.0.0/yank", auth(kToken));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body), json::parse(R"({"ok":true})"));
  EXPECT_TRUE(yanked("1.0.0"));
  EXPECT_FALSE(yanked("1.1.0"));
  r = http_->Put("/api/v1/crates/yanky/1.0.0/unyank", auth(kToken), "", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body), json::parse(R"({"ok":true})"));
  EXPECT_FALSE(yanked("1.0.0"));
  // Yanked crates can still be downloaded (lockfiles may pin them).
  EXPECT_EQ(http_->Get("/api/v1/crates/yanky/1.0.0/download", auth(kToken))->status, 200);
  r = http_->Delete("/api/v1/crates/yanky/3.0.0/yank", auth(kToken));
  EXPECT_EQ(r->status, 404);
  EXPECT_FALSE(first_error(r->body).empty());
  EXPECT_EQ(http_->Delete("/api/v1/crates/nothere/1.0.0/yank", auth(kToken))->status, 404);
}

TEST_F(RegistryTest, DataPersistsAcrossRestart) {
  ASSERT_EQ(publish_crate("persist", "1.0.0", "kept")->status, 200);
  EXPECT_EQ(server_->stop(), 0);
  start();
  auto r = http_->Get("/index/pe/rs/persist", auth(kToken));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(parse_lines(r->body)[0]["cksum"], sha256_hex("kept"));
  EXPECT_EQ(http_->Get("/api/v1/crates/persist/1.0.0/download", auth(kToken))->body, "kept");
  EXPECT_EQ(publish_crate("persist", "1.0.0", "again")->status, 400);
}

TEST_F(RegistryTest, ConcurrentPublishesAreAllRecorded) {
  constexpr int kCount = 40;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < kCount; ++i) {
    threads.emplace_back([&, i] {
      auto c = server_->client();
      auto r =
          c->Put("/api/v1/crates/new", auth(kToken),
                 frame(metadata("racy", "1.0." + std::to_string(i)).dump(), "c"), "application/octet-stream");
      if (r && r->status == 200) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kCount);
  EXPECT_EQ(parse_lines(http_->Get("/index/ra/cy/racy", auth(kToken))->body).size(),
            static_cast<size_t>(kCount));
}

TEST_F(RegistryTest, SigtermExitsCleanly) { EXPECT_EQ(server_->stop(), 0); }

// ---------------------------------------------------------------------------------------------
// Faults and the control API

TEST_F(RegistryTest, Fault429WithRetryAfterThenSuccess) {
  auto r = http_->Post("/_control/faults", R"([{"method":"PUT","path_prefix":"/api/v1/crates/new",
      "status":429,"retry_after":1,"times":1}])",
                       "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;

  const std::string body = frame(metadata("limited", "1.0.0").dump(), "c");
  r = publish(body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->get_header_value("Retry-After"), "1");
  EXPECT_FALSE(first_error(r->body).empty());
  // The rule only matched PUT: reads are unaffected even while it is armed.
  EXPECT_EQ(http_->Get("/index/config.json", auth(kToken))->status, 200);

  r = publish(body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(http_->Get("/_control/faults")->body), json::array());
}

TEST_F(RegistryTest, FaultRuleCustomBodyForeverAndClear) {
  ASSERT_EQ(http_
                ->Post("/_control/faults",
                       R"({"path_prefix":"/index/","status":503,"times":-1,
                            "body":"<html>down</html>","content_type":"text/html"})",
                       "application/json")
                ->status,
            200);
  for (int i = 0; i < 3; ++i) {
    auto r = http_->Get("/index/config.json", auth(kToken));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    EXPECT_EQ(r->body, "<html>down</html>");
    EXPECT_EQ(r->get_header_value("Content-Type"), "text/html");
    EXPECT_FALSE(r->has_header("Retry-After"));
  }
  ASSERT_EQ(http_->Delete("/_control/faults")->status, 200);
  EXPECT_EQ(http_->Get("/index/config.json", auth(kToken))->status, 200);
}

TEST_F(RegistryTest, InvalidFaultRulesAreRejected) {
  for (const char* bad : {"not json", R"([{"path":"/index/"}])", R"([{"status":42}])", R"([{"times":0}])",
                          R"([{"delay_ms":"slow"}])", R"([7])"}) {
    auto r = http_->Post("/_control/faults", bad, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad;
  }
  EXPECT_EQ(json::parse(http_->Get("/_control/faults")->body), json::array());
}

TEST_F(RegistryTest, FaultDropClosesConnectionWithoutResponse) {
  ASSERT_EQ(http_
                ->Post("/_control/faults", R"([{"path_prefix":"/index/config.json","drop":true}])",
                       "application/json")
                ->status,
            200);
  auto c = server_->client();
  auto r = c->Get("/index/config.json", auth(kToken));
  EXPECT_FALSE(r);  // no HTTP response at all
  auto again = server_->client()->Get("/index/config.json", auth(kToken));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  auto log = control_log();
  ASSERT_GE(log.size(), 2u);
  EXPECT_EQ(log[0]["status"], 0);
  EXPECT_EQ(log[0]["fault"], true);
}

TEST_F(RegistryTest, DelayFaultsRunConcurrently) {
  // 100 requests each delayed 500 ms: with the default 64 workers this takes two rounds
  // (~1 s); a serial server would need 50 s.
  ASSERT_EQ(
      http_
          ->Post("/_control/faults", R"([{"path_prefix":"/index/config.json","delay_ms":500,"times":-1}])",
                 "application/json")
          ->status,
      200);
  constexpr int kRequests = 100;
  std::atomic<int> ok{0};
  const auto start_time = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < kRequests; ++i) {
    threads.emplace_back([&] {
      auto c = server_->client();
      auto r = c->Get("/index/config.json", auth(kToken));
      if (r && r->status == 200) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  const auto elapsed = std::chrono::steady_clock::now() - start_time;
  EXPECT_EQ(ok.load(), kRequests);
  EXPECT_GE(elapsed, 500ms);
  EXPECT_LT(elapsed, 10s);
}

TEST_F(RegistryTest, ThreadsFlagBoundsTheWorkerPool) {
  ServerConfig cfg;
  cfg.extra_args = {"--threads", "2"};
  start(cfg);
  ASSERT_EQ(
      http_
          ->Post("/_control/faults", R"([{"path_prefix":"/index/config.json","delay_ms":300,"times":4}])",
                 "application/json")
          ->status,
      200);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  const auto start_time = std::chrono::steady_clock::now();
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto r = server_->client()->Get("/index/config.json", auth(kToken));
      if (r && r->status == 200) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 4);
  // Two workers, four 300 ms requests: at least two rounds.
  EXPECT_GE(std::chrono::steady_clock::now() - start_time, 600ms);
}

TEST_F(RegistryTest, SigintAlsoExitsCleanly) {
  server_.reset();
  const fs::path work = tmp_.path() / "sigint";
  fs::create_directories(work);
  Child child({REGISTRY_BIN, "--data", (work / "data").string(), "--anonymous", "--port-file",
               (work / "port").string()},
              inherited_env_without({}), work, work / "out");
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (!fs::exists(work / "port") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(fs::exists(work / "port"));
  const std::string port = read_text(work / "port");
  std::this_thread::sleep_for(100ms);
  EXPECT_NE(read_text(work / "out").find("listening on http://127.0.0.1:" + port.substr(0, port.size() - 1)),
            std::string::npos);
  kill(child.pid(), SIGINT);
  EXPECT_EQ(child.wait_for(10s), 0);
}

TEST_F(RegistryTest, FaultsFileIsLoadedAtStart) {
  ServerConfig cfg;
  cfg.faults_json = R"([{"method":"GET","path_prefix":"/index/config.json","status":500}])";
  start(cfg);
  EXPECT_EQ(http_->Get("/index/config.json", auth(kToken))->status, 500);
  EXPECT_EQ(http_->Get("/index/config.json", auth(kToken))->status, 200);
}

TEST_F(RegistryTest, LogRecordsRequestsWithoutTokens) {
  ASSERT_EQ(http_->Delete("/_control/log")->status, 200);
  http_->Get("/index/config.json");
  http_->Get("/index/config.json", auth(kToken));
  http_->Get("/index/config.json", auth("wrong-secret"));
  publish_crate("logged", "1.0.0", "c");
  auto r = http_->Get("/_control/log");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body.find(kToken), std::string::npos);
  EXPECT_EQ(r->body.find("wrong-secret"), std::string::npos);
  auto log = json::parse(r->body);
  ASSERT_EQ(log.size(), 4u) << log.dump();  // control requests are not logged
  EXPECT_EQ(log[0], json::parse(R"({"method":"GET","path":"/index/config.json",
                                     "authorized":false,"status":401,"fault":false,
                                     "authorization_sha256":""})"));
  EXPECT_EQ(log[1]["authorized"], true);
  // Only a digest of the header: a differential test can tell which of its tokens arrived.
  EXPECT_EQ(log[1]["authorization_sha256"], sha256_hex(kToken));
  EXPECT_EQ(log[2]["authorization_sha256"], sha256_hex("wrong-secret"));
  EXPECT_EQ(log[1]["status"], 200);
  EXPECT_EQ(log[2]["authorized"], false);
  EXPECT_EQ(log[2]["status"], 401);
  EXPECT_EQ(log[3]["method"], "PUT");
  EXPECT_EQ(log[3]["path"], "/api/v1/crates/new");
  EXPECT_EQ(log[3]["status"], 200);

  ASSERT_EQ(http_->Delete("/_control/log")->status, 200);
  EXPECT_EQ(control_log(), json::array());
}

TEST_F(RegistryTest, LabelledPathsServeTheSameIndexAndFilterTheLog) {
  ASSERT_EQ(http_->Delete("/_control/log")->status, 200);
  auto r = http_->Get("/r/feed-a/index/config.json", auth(kToken));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const auto config = json::parse(r->body);
  EXPECT_NE(config["api"].get<std::string>().find("/r/feed-a"), std::string::npos) << r->body;
  EXPECT_NE(config["dl"].get<std::string>().find("/r/feed-a/api/v1/crates"), std::string::npos) << r->body;
  http_->Get("/r/feed-b/index/config.json");
  auto log = json::parse(http_->Get("/_control/log?prefix=/r/feed-a")->body);
  ASSERT_EQ(log.size(), 1u) << log.dump();
  EXPECT_EQ(log[0]["path"], "/r/feed-a/index/config.json");
  EXPECT_EQ(json::parse(http_->Get("/_control/log")->body).size(), 2u);
}

// ---------------------------------------------------------------------------------------------
// The real proof: cargo 1.95 publishing to and building from the auth-required index

class CargoTest : public RegistryTest {
 protected:
  void SetUp() override {
    cargo_ = find_on_path("cargo");
    if (!cargo_) GTEST_SKIP() << "cargo not found on PATH";
    RegistryTest::SetUp();
    cargo_home_ = tmp_.path() / "cargo-home";
    fs::create_directories(cargo_home_);
  }

  // Writes a crate with a .cargo/config.toml pointing at the local registry.
  fs::path make_crate(const std::string& name, const std::string& version, const std::string& deps,
                      const std::string& lib_rs) {
    const fs::path dir = tmp_.path() / "crates" / name;
    write_text(dir / "Cargo.toml", "[package]\nname = \"" + name + "\"\nversion = \"" + version +
                                       "\"\nedition = \"2021\"\nlicense = \"MIT\"\n"
                                       "description = \"local registry test crate\"\n\n"
                                       "[dependencies]\n" +
                                       deps);
    write_text(dir / "src" / "lib.rs", lib_rs);
    write_text(dir / ".cargo" / "config.toml",
               "[registries.local]\nindex = \"sparse+" + server_->url() + "/index/\"\n");
    return dir;
  }

  // Runs cargo with a minimal environment: a fresh CARGO_HOME so the user's config and
  // credentials are not read, the token only in the environment (never argv).
  std::pair<std::optional<int>, std::string> run_cargo(const fs::path& dir,
                                                       const std::vector<std::string>& args,
                                                       const std::string& token) {
    std::vector<std::string> env = {
        "CARGO_HOME=" + cargo_home_.string(),
        "CARGO_REGISTRIES_LOCAL_TOKEN=" + token,
        "CARGO_REGISTRIES_LOCAL_CREDENTIAL_PROVIDER=cargo:token",
        "CARGO_TARGET_DIR=" + (dir / "target").string(),
        "CARGO_TERM_COLOR=never",
        "CARGO_NET_RETRY=0",
        "CARGO_HTTP_TIMEOUT=60",
    };
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string s = *e;
      for (const char* keep : {"PATH=", "HOME=", "USER=", "TMPDIR=", "LANG=", "RUSTUP_"}) {
        if (s.rfind(keep, 0) == 0) env.push_back(s);
      }
    }
    std::vector<std::string> argv = {cargo_->string()};
    argv.insert(argv.end(), args.begin(), args.end());
    const fs::path out = dir / ("cargo-" + std::to_string(++runs_) + ".log");
    Child child(argv, env, dir, out);
    auto code = child.wait_for(240s);
    return {code, read_text(out)};
  }

  std::optional<fs::path> cargo_;
  fs::path cargo_home_;
  int runs_ = 0;
};

TEST_F(CargoTest, PublishThenBuildDependentThroughAuthRequiredIndex) {
  const fs::path lib = make_crate("ca-demo-lib", "0.1.0", "", "pub fn answer() -> u32 { 42 }\n");
  auto [code, out] = run_cargo(lib, {"publish", "--allow-dirty", "--registry", "local"}, kToken);
  ASSERT_EQ(code, 0) << out << "\nserver:\n" << server_->output();

  auto r = http_->Get("/index/ca/-d/ca-demo-lib", auth(kToken));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto lines = parse_lines(r->body);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["vers"], "0.1.0");
  auto crate = http_->Get("/api/v1/crates/ca-demo-lib/0.1.0/download", auth(kToken));
  ASSERT_EQ(crate->status, 200);
  EXPECT_EQ(lines[0]["cksum"], sha256_hex(crate->body));

  // Cargo first asked for config.json without a token and retried with it after the 401.
  auto log = control_log();
  bool saw_anonymous_401 = false, saw_authorized_config = false, saw_publish = false;
  for (const auto& e : log) {
    if (e["path"] == "/index/config.json" && e["status"] == 401) saw_anonymous_401 = true;
    if (e["path"] == "/index/config.json" && e["status"] == 200 && e["authorized"] == true) {
      saw_authorized_config = true;
    }
    if (e["path"] == "/api/v1/crates/new" && e["status"] == 200) saw_publish = true;
  }
  EXPECT_TRUE(saw_anonymous_401) << log.dump();
  EXPECT_TRUE(saw_authorized_config) << log.dump();
  EXPECT_TRUE(saw_publish) << log.dump();
  EXPECT_EQ(out.find(kToken), std::string::npos) << "cargo printed the token";

  ASSERT_EQ(http_->Delete("/_control/log")->status, 200);
  const fs::path app =
      make_crate("ca-demo-app", "0.1.0", "ca-demo-lib = { version = \"0.1\", registry = \"local\" }\n",
                 "pub fn doubled() -> u32 { ca_demo_lib::answer() * 2 }\n");
  std::tie(code, out) = run_cargo(app, {"build"}, kToken);
  ASSERT_EQ(code, 0) << out << "\nserver:\n" << server_->output();
  bool saw_download = false;
  for (const auto& e : control_log()) {
    if (e["path"] == "/api/v1/crates/ca-demo-lib/0.1.0/download") {
      saw_download = true;
      EXPECT_EQ(e["authorized"], true);
      EXPECT_EQ(e["status"], 200);
    }
  }
  EXPECT_TRUE(saw_download);
  EXPECT_NE(read_text(app / "Cargo.lock").find("ca-demo-lib"), std::string::npos);
}

TEST_F(CargoTest, PublishWithWrongTokenFails) {
  const fs::path lib = make_crate("ca-demo-wrong", "0.1.0", "", "pub fn f() {}\n");
  auto [code, out] = run_cargo(lib, {"publish", "--allow-dirty", "--registry", "local"}, "not-the-token");
  ASSERT_TRUE(code.has_value()) << "cargo timed out:\n" << out;
  EXPECT_NE(*code, 0) << out;
  EXPECT_NE(out.find("401"), std::string::npos) << out;
  EXPECT_EQ(http_->Get("/index/ca/-d/ca-demo-wrong", auth(kToken))->status, 404);
}

TEST_F(CargoTest, PublishWithReadOnlyTokenFailsWith403) {
  const fs::path lib = make_crate("ca-demo-ro", "0.1.0", "", "pub fn f() {}\n");
  auto [code, out] = run_cargo(lib, {"publish", "--allow-dirty", "--registry", "local"}, kReadOnlyToken);
  ASSERT_TRUE(code.has_value()) << "cargo timed out:\n" << out;
  EXPECT_NE(*code, 0) << out;
  EXPECT_NE(out.find("403"), std::string::npos) << out;
  EXPECT_EQ(http_->Get("/index/ca/-d/ca-demo-ro", auth(kToken))->status, 404);
}

}  // namespace
