// Shell steps run for real: bash scripts that exit, get killed, print too
// much, leave processes behind or try to read what is not theirs.
#include "exec/shell_step.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

namespace runwarden::exec {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

ShellRequest Bash(std::string script) {
  ShellRequest request;
  request.argv = {"bash", "--noprofile", "--norc", "-euo", "pipefail", "-c", std::move(script)};
  request.timeout = std::chrono::seconds(30);
  return request;
}

ShellResult MustRun(const ShellRequest& request) {
  Result<ShellResult> result = RunShell(request);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? *result : ShellResult{};
}

// The process group of `pid` and whether it is alive (not a zombie), from
// /proc/<pid>/stat; nullopt when there is no such process.
struct ProcState {
  char state;
  pid_t pgrp;
};
std::optional<ProcState> ReadProcState(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  const size_t paren = line.rfind(')');
  if (paren == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(paren + 1));
  ProcState s{};
  pid_t ppid = 0;
  rest >> s.state >> ppid >> s.pgrp;
  return s;
}

// Live (non-zombie) processes whose process group is `pgid`.
std::vector<pid_t> LiveMembers(pid_t pgid) {
  std::vector<pid_t> out;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(name));
    std::optional<ProcState> s = ReadProcState(pid);
    if (s && s->pgrp == pgid && s->state != 'Z' && s->state != 'X') out.push_back(pid);
  }
  return out;
}

// Waits up to five seconds for the group to have no live process (a killed
// process may take a moment to go, and an init that does not reap leaves
// zombies, which count as gone).
bool GroupGone(pid_t pgid) {
  for (int i = 0; i < 250; ++i) {
    if (LiveMembers(pgid).empty()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

pid_t FirstLineAsPid(const std::string& text) { return std::stoi(text.substr(0, text.find('\n'))); }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ShellStepRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "rw-shell-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

TEST_F(ShellStepRunTest, ZeroExitSucceeds) {
  ShellResult r = MustRun(Bash("true"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.signal, 0);
  EXPECT_FALSE(r.timed_out);
  EXPECT_TRUE(r.Succeeded());
}

TEST_F(ShellStepRunTest, ExitCodeIsReported) {
  ShellResult r = MustRun(Bash("exit 7"));
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_EQ(r.signal, 0);
  EXPECT_FALSE(r.Succeeded());
}

TEST_F(ShellStepRunTest, SignalIsReported) {
  ShellResult r = MustRun(Bash("kill -KILL $$"));
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_FALSE(r.timed_out);
  EXPECT_FALSE(r.Succeeded());
}

TEST_F(ShellStepRunTest, CapturesStdoutAndStderrSeparately) {
  ShellResult r = MustRun(Bash("echo out; echo err >&2; printf 'no newline'"));
  EXPECT_EQ(r.stdout_text, "out\nno newline");
  EXPECT_EQ(r.stderr_text, "err\n");
  EXPECT_FALSE(r.stdout_truncated);
  EXPECT_FALSE(r.stderr_truncated);
  EXPECT_EQ(r.stdout_bytes, r.stdout_text.size());
}

TEST_F(ShellStepRunTest, StdinIsEmpty) {
  ShellResult r = MustRun(Bash("cat; echo done"));
  EXPECT_EQ(r.stdout_text, "done\n");
}

TEST_F(ShellStepRunTest, OutputBeyondTheLimitIsCountedNotKept) {
  ShellRequest request = Bash("head -c 3000000 /dev/zero | tr '\\0' x; echo tail >&2");
  request.output_limit = 1000;
  ShellResult r = MustRun(request);
  EXPECT_TRUE(r.Succeeded());
  EXPECT_EQ(r.stdout_text, std::string(1000, 'x'));
  EXPECT_TRUE(r.stdout_truncated);
  EXPECT_EQ(r.stdout_bytes, 3000000u);
  EXPECT_EQ(r.stderr_text, "tail\n");
  EXPECT_FALSE(r.stderr_truncated);
}

TEST_F(ShellStepRunTest, TimeoutKillsTheWholeGroupWithGrandchildren) {
  const fs::path pidfile = dir_ / "grandchild.pid";
  ShellRequest request = Bash(R"(echo $$
( sleep 1000 & echo $! > "$PIDFILE"; wait ) &
while [ ! -s "$PIDFILE" ]; do sleep 0.01; done
sleep 1000)");
  request.env = {{"PIDFILE", pidfile.string()}};
  request.timeout = std::chrono::milliseconds(1000);
  ShellResult r = MustRun(request);
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.Succeeded());
  EXPECT_EQ(r.signal, SIGTERM);
  EXPECT_LT(r.duration, std::chrono::seconds(3));
  const pid_t pgid = FirstLineAsPid(r.stdout_text);
  EXPECT_TRUE(GroupGone(pgid));
  const std::string grandchild = ReadFile(pidfile);
  ASSERT_FALSE(grandchild.empty());
  std::optional<ProcState> s = ReadProcState(std::stoi(grandchild));
  EXPECT_TRUE(!s || s->state == 'Z' || s->pgrp != pgid);
}

TEST_F(ShellStepRunTest, TermIgnoredIsFollowedByKill) {
  ShellRequest request = Bash("trap '' TERM; echo $$; sleep 1000 & wait");
  request.timeout = std::chrono::milliseconds(300);
  request.kill_grace = std::chrono::milliseconds(300);
  ShellResult r = MustRun(request);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_GE(r.duration, std::chrono::milliseconds(600));
  EXPECT_LT(r.duration, std::chrono::seconds(5));
  EXPECT_TRUE(GroupGone(FirstLineAsPid(r.stdout_text)));
}

TEST_F(ShellStepRunTest, BackgroundLeftoversAreKilledAndDoNotHoldTheStep) {
  // The background sleep keeps the output pipes open; the step must still
  // end when bash does.
  ShellResult r = MustRun(Bash("echo $$; sleep 1000 & echo $!; echo bye"));
  EXPECT_TRUE(r.Succeeded());
  EXPECT_LT(r.duration, std::chrono::seconds(5));
  EXPECT_THAT(r.stdout_text, HasSubstr("bye\n"));
  const pid_t pgid = FirstLineAsPid(r.stdout_text);
  EXPECT_TRUE(GroupGone(pgid));
}

TEST_F(ShellStepRunTest, OnlyGivenAndBasicVariablesReachTheStep) {
  ::setenv("RUNWARDEN_TEST_SECRET", "hunter2", 1);
  ::setenv("PGPASSWORD", "pg-hunter2", 1);
  ::setenv("DATABASE_URL", "postgres://u:db-hunter2@h/d", 1);
  ShellRequest request = Bash("env");
  request.env = {{"RUNWARDEN_PARAM_TICKET", "INC-1"}};
  ShellResult r = MustRun(request);
  ::unsetenv("RUNWARDEN_TEST_SECRET");
  ::unsetenv("PGPASSWORD");
  ::unsetenv("DATABASE_URL");
  EXPECT_THAT(r.stdout_text, Not(HasSubstr("hunter2")));
  EXPECT_THAT(r.stdout_text, Not(HasSubstr("RUNWARDEN_TEST_SECRET")));
  EXPECT_THAT(r.stdout_text, Not(HasSubstr("PGPASSWORD")));
  EXPECT_THAT(r.stdout_text, Not(HasSubstr("DATABASE_URL")));
  EXPECT_THAT(r.stdout_text, HasSubstr("RUNWARDEN_PARAM_TICKET=INC-1\n"));
  const char* path = std::getenv("PATH");
  ASSERT_NE(path, nullptr);
  EXPECT_THAT(r.stdout_text, HasSubstr("PATH=" + std::string(path) + "\n"));
  // Every line is one of the variables allowed in, or one bash sets itself.
  std::istringstream lines(r.stdout_text);
  std::string line;
  const std::set<std::string> allowed = {"RUNWARDEN_PARAM_TICKET",
                                         "PATH",
                                         "HOME",
                                         "LANG",
                                         "LC_ALL",
                                         "TZ",
                                         "TERM",
                                         "PWD",
                                         "SHLVL",
                                         "_",
                                         "OLDPWD"};
  while (std::getline(lines, line)) {
    EXPECT_TRUE(allowed.count(line.substr(0, line.find('='))) == 1) << line;
  }
}

TEST_F(ShellStepRunTest, HostileValuesAreData) {
  const std::string marker = (dir_ / "pwned").string();
  std::vector<std::string> values = {
      "it's",
      "\"double\" and 'single'",
      "'; rm -rf " + dir_.string() + "; touch " + marker + "; '",
      "$(touch " + marker + ")",
      "`touch " + marker + "`",
      "${HOME} $HOME $((1+1)) * ? [a-z] ~ !! \\ \\n",
      "line one\nline two\n\n",
      "; touch " + marker + " #",
      "\xE2\x80\xAE\xF0\x9F\x94\xA5 \xC3\xA9t\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87",
      "-n",
      "",
      std::string(100 * 1024, 'v'),
  };
  for (const std::string& value : values) {
    ShellRequest request = Bash("printf '%s' \"$VALUE\"");
    request.env = {{"VALUE", value}};
    request.output_limit = 200 * 1024;
    ShellResult r = MustRun(request);
    EXPECT_TRUE(r.Succeeded()) << value.substr(0, 80) << "\n" << r.stderr_text;
    EXPECT_EQ(r.stdout_text, value);
  }
  EXPECT_FALSE(fs::exists(marker));
  EXPECT_TRUE(fs::exists(dir_));
}

TEST_F(ShellStepRunTest, NulInAValueIsRefused) {
  ShellRequest request = Bash("printf '%s' \"$VALUE\"");
  request.env = {{"VALUE", std::string("a\0b", 3)}};
  Result<ShellResult> r = RunShell(request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(r.status().message(), HasSubstr("VALUE"));
  EXPECT_THAT(r.status().message(), HasSubstr("NUL"));
}

TEST_F(ShellStepRunTest, MalformedVariableNamesAreRefused) {
  for (const std::string name : {"", "A=B", "1X", "A B", "$(x)"}) {
    ShellRequest request = Bash("true");
    request.env = {{name, "v"}};
    Result<ShellResult> r = RunShell(request);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidInput) << name;
  }
  ShellRequest twice = Bash("true");
  twice.env = {{"A", "1"}, {"A", "2"}};
  EXPECT_EQ(RunShell(twice).status().code(), ErrorCode::kInvalidInput);
}

TEST_F(ShellStepRunTest, ErrexitAndPipefailFailTheStep) {
  ShellResult pipe = MustRun(Bash("false | cat; echo after"));
  EXPECT_FALSE(pipe.Succeeded());
  EXPECT_EQ(pipe.exit_code, 1);
  EXPECT_THAT(pipe.stdout_text, Not(HasSubstr("after")));

  ShellResult plain = MustRun(Bash("false; echo after"));
  EXPECT_EQ(plain.exit_code, 1);
  EXPECT_THAT(plain.stdout_text, Not(HasSubstr("after")));

  ShellResult unset = MustRun(Bash("echo \"$NOT_A_PARAMETER\"; echo after"));
  EXPECT_FALSE(unset.Succeeded());
  EXPECT_THAT(unset.stdout_text, Not(HasSubstr("after")));
}

TEST_F(ShellStepRunTest, IgnoredSigpipeIsNotInherited) {
  struct sigaction ignore {
  }, old{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &old);
  ShellResult r = MustRun(Bash("yes | head -n 1 || true"));
  ::sigaction(SIGPIPE, &old, nullptr);
  EXPECT_EQ(r.stdout_text, "y\n");
  EXPECT_EQ(r.stderr_text, "");
}

TEST_F(ShellStepRunTest, MissingProgramIsNotFound) {
  ShellRequest request;
  request.argv = {"runwarden-no-such-program-4c1e"};
  Result<ShellResult> r = RunShell(request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
  EXPECT_THAT(r.status().message(), HasSubstr("runwarden-no-such-program-4c1e"));

  EXPECT_EQ(RunShell(ShellRequest{}).status().code(), ErrorCode::kInvalidInput);
}

TEST_F(ShellStepRunTest, RunsInTheWorkingDirectory) {
  ShellRequest request = Bash("pwd");
  request.working_directory = dir_.string();
  EXPECT_EQ(MustRun(request).stdout_text, fs::canonical(dir_).string() + "\n");

  request.working_directory = (dir_ / "missing").string();
  EXPECT_EQ(RunShell(request).status().code(), ErrorCode::kNotFound);
}

TEST(ScrubSecretsTest, ReplacesEveryOccurrence) {
  EXPECT_EQ(ScrubSecrets("pw=hunter2 again hunter2.", {"hunter2"}), "pw=[secret] again [secret].");
  EXPECT_EQ(ScrubSecrets("nothing here", {"hunter2"}), "nothing here");
}

TEST(ScrubSecretsTest, EmptySecretsAreIgnored) {
  EXPECT_EQ(ScrubSecrets("text", {"", ""}), "text");
  EXPECT_EQ(ScrubSecrets("", {"x"}), "");
}

TEST(ScrubSecretsTest, LongestSecretWinsAndMarkersAreNotRescanned) {
  EXPECT_EQ(ScrubSecrets("abcdef abc", {"abc", "abcdef"}), "[secret] [secret]");
  // A secret that occurs in "[secret]" itself does not mangle the markers.
  EXPECT_EQ(ScrubSecrets("see", {"e", "s"}), "[secret][secret][secret]");
  EXPECT_EQ(ScrubSecrets("a\nb\nsecret line", {"b\nsec"}), "a\n[secret]ret line");
}

}  // namespace
}  // namespace runwarden::exec
