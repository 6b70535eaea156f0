// Running a shell step: posix_spawnp into a new process group, two pipes
// read with poll(), a pidfd (or a short tick where the kernel has none) to
// learn when the program exits. The program is never reaped before its group
// has been sent SIGKILL: waitid(WNOWAIT) sees the exit while the zombie
// still reserves the group id, so the kill cannot reach an unrelated group
// that reused the number.
#include "exec/shell_step.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <set>

namespace runwarden::exec {

namespace {

using Clock = std::chrono::steady_clock;

// How often the program's state is checked when no pidfd reports its exit.
constexpr std::chrono::milliseconds kTick{20};

std::string ErrnoText(int err) { return std::strerror(err); }

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

bool IsShellName(const std::string& name) {
  if (name.empty()) return false;
  auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (!alpha(name[0])) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); });
}

// The child's environment: the request's variables plus the inherited ones
// it does not set itself.
Result<std::vector<std::string>> BuildEnvironment(const ShellRequest& request) {
  std::vector<std::string> env;
  std::set<std::string> names;
  for (const auto& [name, value] : request.env) {
    if (!IsShellName(name)) {
      return InvalidInput("shell step variable name \"" + name +
                          "\" is not a shell identifier ([A-Za-z_][A-Za-z0-9_]*)");
    }
    if (value.find('\0') != std::string::npos) {
      return InvalidInput("the value of shell step variable " + name +
                          " contains a NUL byte, which an environment variable cannot hold")
          .WithHint("pass binary data encoded (hex or base64) and decode it in the script");
    }
    if (!names.insert(name).second) {
      return InvalidInput("shell step variable " + name + " is given more than once");
    }
    env.push_back(name + "=" + value);
  }
  for (const char* name : kInheritedEnv) {
    if (names.count(name) != 0) continue;
    if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
  }
  return env;
}

// What one pipe delivered: the first `limit` bytes and how many there were.
struct Stream {
  Fd fd;
  std::string* text = nullptr;
  bool* truncated = nullptr;
  size_t* total = nullptr;
};

// Reads what is available without blocking. Returns false on end of file
// (the stream is then closed) and on an error.
bool ReadAvailable(Stream& s, size_t limit) {
  char buffer[16384];
  while (true) {
    const ssize_t n = ::read(s.fd.get(), buffer, sizeof buffer);
    if (n > 0) {
      const size_t got = static_cast<size_t>(n);
      *s.total += got;
      const size_t room = limit > s.text->size() ? limit - s.text->size() : 0;
      s.text->append(buffer, std::min(room, got));
      if (got > room) *s.truncated = true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    s.fd.Reset();  // end of file, or an error that more reads won't cure
    return false;
  }
}

// Owns the spawned program until it is reaped; on an early return its group
// is killed and the program reaped, so no step outlives RunShell.
class Child {
 public:
  explicit Child(pid_t pid) : pid_(pid) {}
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (reaped_) return;
    ::kill(-pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }

  pid_t pid() const { return pid_; }

  // Signals every process of the program's group.
  void SignalGroup(int signal) const { ::kill(-pid_, signal); }

  // Whether the program has exited, without reaping it.
  Result<bool> Exited() const {
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) < 0) {
      if (errno != EINTR) return IoError("cannot watch the shell step: " + ErrnoText(errno));
    }
    return info.si_pid != 0;
  }

  // Reaps the exited program and returns its wait status.
  Result<int> Reap() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0) {
      if (errno != EINTR) return IoError("cannot reap the shell step: " + ErrnoText(errno));
    }
    reaped_ = true;
    return status;
  }

 private:
  pid_t pid_;
  bool reaped_ = false;
};

// A pidfd of `pid` (readable once it exits), or an invalid Fd where the
// kernel has none.
Fd OpenPidFd(pid_t pid) {
#ifdef SYS_pidfd_open
  const long fd = ::syscall(SYS_pidfd_open, pid, 0);
  if (fd >= 0) {
    ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
    return Fd(static_cast<int>(fd));
  }
#else
  static_cast<void>(pid);
#endif
  return Fd();
}

class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
};

Status CheckWorkingDirectory(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
      return NotFound("the shell step's working directory " + dir + " does not exist");
    }
    return IoError("cannot use " + dir +
                   " as the shell step's working directory: " + ErrnoText(err));
  }
  if (!S_ISDIR(st.st_mode)) {
    return InvalidInput("the shell step's working directory " + dir + " is not a directory");
  }
  return Status::Ok();
}

Result<pid_t> Spawn(const ShellRequest& request, const std::vector<std::string>& env, int stdout_fd,
                    int stderr_fd) {
  SpawnSetup setup;
  int rc = posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (rc == 0) rc = posix_spawn_file_actions_adddup2(&setup.actions, stdout_fd, STDOUT_FILENO);
  if (rc == 0) rc = posix_spawn_file_actions_adddup2(&setup.actions, stderr_fd, STDERR_FILENO);
  if (rc == 0 && !request.working_directory.empty()) {
    rc = posix_spawn_file_actions_addchdir_np(&setup.actions, request.working_directory.c_str());
  }
  // A group of its own, no blocked signals, and default dispositions: an
  // ignored SIGPIPE or SIGINT of runwarden must not change how the script's
  // pipelines end.
  sigset_t empty, defaults;
  sigemptyset(&empty);
  sigfillset(&defaults);
  sigdelset(&defaults, SIGKILL);
  sigdelset(&defaults, SIGSTOP);
  if (rc == 0) {
    rc = posix_spawnattr_setflags(
        &setup.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }
  if (rc == 0) rc = posix_spawnattr_setpgroup(&setup.attr, 0);
  if (rc == 0) rc = posix_spawnattr_setsigmask(&setup.attr, &empty);
  if (rc == 0) rc = posix_spawnattr_setsigdefault(&setup.attr, &defaults);
  if (rc != 0) return IoError("cannot prepare the shell step: " + ErrnoText(rc));

  std::vector<char*> argv;
  for (const std::string& arg : request.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& entry : env) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);

  pid_t pid = -1;
  rc = posix_spawnp(&pid, argv[0], &setup.actions, &setup.attr, argv.data(), envp.data());
  if (rc == ENOENT) {
    return NotFound("cannot start the shell step: program " + request.argv[0] + " not found")
        .WithHint("install it, or check PATH");
  }
  if (rc != 0) {
    return IoError("cannot start the shell step program " + request.argv[0] + ": " + ErrnoText(rc));
  }
  return pid;
}

}  // namespace

Result<ShellResult> RunShell(const ShellRequest& request) {
  if (request.argv.empty() || request.argv[0].empty()) {
    return InvalidInput("a shell step needs a program to run");
  }
  for (const std::string& arg : request.argv) {
    if (arg.find('\0') != std::string::npos) {
      return InvalidInput("an argument of the shell step contains a NUL byte");
    }
  }
  RW_ASSIGN_OR_RETURN(std::vector<std::string> env, BuildEnvironment(request));
  if (!request.working_directory.empty()) RW_TRY(CheckWorkingDirectory(request.working_directory));

  ShellResult result;
  Stream out{.text = &result.stdout_text,
             .truncated = &result.stdout_truncated,
             .total = &result.stdout_bytes};
  Stream err{.text = &result.stderr_text,
             .truncated = &result.stderr_truncated,
             .total = &result.stderr_bytes};
  Fd out_write, err_write;
  for (auto [stream, write_end] : {std::pair{&out, &out_write}, std::pair{&err, &err_write}}) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      return IoError("cannot create a pipe for the shell step: " + ErrnoText(errno));
    }
    stream->fd.Reset(fds[0]);
    write_end->Reset(fds[1]);
    ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
  }

  const Clock::time_point start = Clock::now();
  RW_ASSIGN_OR_RETURN(const pid_t pid, Spawn(request, env, out_write.get(), err_write.get()));
  Child child(pid);
  out_write.Reset();
  err_write.Reset();
  Fd pidfd = OpenPidFd(pid);

  const Clock::time_point deadline = start + request.timeout;
  std::optional<Clock::time_point> kill_at;  // SIGKILL after a SIGTERM's grace
  while (true) {
    RW_ASSIGN_OR_RETURN(const bool exited, child.Exited());
    if (exited) break;
    const Clock::time_point now = Clock::now();
    if (!result.timed_out && now >= deadline) {
      result.timed_out = true;
      child.SignalGroup(SIGTERM);
      kill_at = now + request.kill_grace;
    }
    if (kill_at && now >= *kill_at) {
      child.SignalGroup(SIGKILL);
      kill_at.reset();
    }
    Clock::time_point wake = result.timed_out ? (kill_at ? *kill_at : now + kTick) : deadline;
    if (!pidfd.valid()) wake = std::min(wake, now + kTick);
    const auto wait_for = std::chrono::ceil<std::chrono::milliseconds>(wake - now);
    const int wait_ms = static_cast<int>(std::clamp<int64_t>(wait_for.count(), 0, 60000));

    pollfd fds[3];
    Stream* streams[3] = {nullptr, nullptr, nullptr};
    nfds_t n = 0;
    for (Stream* s : {&out, &err}) {
      if (!s->fd.valid()) continue;
      fds[n] = pollfd{.fd = s->fd.get(), .events = POLLIN, .revents = 0};
      streams[n++] = s;
    }
    if (pidfd.valid()) fds[n++] = pollfd{.fd = pidfd.get(), .events = POLLIN, .revents = 0};
    if (::poll(fds, n, wait_ms) < 0 && errno != EINTR) {
      return IoError("cannot read the shell step's output: " + ErrnoText(errno));
    }
    for (nfds_t i = 0; i < n; ++i) {
      if (streams[i] != nullptr && fds[i].revents != 0) {
        ReadAvailable(*streams[i], request.output_limit);
      }
    }
  }

  // The program is done: whatever it left running in its group goes too, and
  // only output already in the pipes is read.
  child.SignalGroup(SIGKILL);
  for (Stream* s : {&out, &err}) {
    if (s->fd.valid()) ReadAvailable(*s, request.output_limit);
  }
  RW_ASSIGN_OR_RETURN(const int status, child.Reap());
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

std::string ScrubSecrets(std::string text, const std::vector<std::string>& secrets) {
  std::vector<const std::string*> sorted;
  for (const std::string& s : secrets) {
    if (!s.empty()) sorted.push_back(&s);
  }
  if (sorted.empty()) return text;
  std::stable_sort(sorted.begin(), sorted.end(), [](const std::string* a, const std::string* b) {
    return a->size() > b->size();
  });
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const std::string* hit = nullptr;
    for (const std::string* s : sorted) {
      if (text.compare(i, s->size(), *s) == 0) {
        hit = s;
        break;
      }
    }
    if (hit != nullptr) {
      out += "[secret]";
      i += hit->size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace runwarden::exec
