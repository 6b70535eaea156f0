// Running runwarden as a child of itself, for runwarden demo: the stages are
// the real commands, run exactly as a user would type them.
#include "cli/demo_stage.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace runwarden::cli {

namespace {

// Closes the descriptors it holds when it goes out of scope.
struct Fds {
  int read = -1;
  int write = -1;
  ~Fds() {
    if (read >= 0) ::close(read);
    if (write >= 0) ::close(write);
  }
};

}  // namespace

Result<ChildRun> RunSelf(const std::vector<std::string>& args, const std::string& cwd) {
  Fds pipe;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return IoError(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  pipe.read = fds[0];
  pipe.write = fds[1];

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe.write, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe.write, STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());

  std::vector<std::string> argv_strings = {"runwarden"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  const int spawned =
      ::posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return IoError(std::string("cannot start runwarden again (/proc/self/exe): ") +
                   std::strerror(spawned));
  }
  ::close(pipe.write);
  pipe.write = -1;

  ChildRun run;
  char buffer[8192];
  for (;;) {
    const ssize_t n = ::read(pipe.read, buffer, sizeof buffer);
    if (n > 0) {
      run.output.append(buffer, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return IoError(std::string("waitpid: ") + std::strerror(errno));
  }
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

}  // namespace runwarden::cli
