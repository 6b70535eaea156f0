// runwarden's entry point: everything happens in cli::Main. The catch blocks
// are a backstop only; no module throws across its boundary.
#include <cstdio>
#include <exception>
#include <new>

#include "cli/command.h"

int main(int argc, char** argv) {
  try {
    return runwarden::cli::Main(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fputs("runwarden: error: out of memory\n", stderr);
  } catch (const std::exception& e) {
    std::fprintf(stderr,
                 "runwarden: internal error: %s\n  hint: this is a bug; please report it with the "
                 "command you ran\n",
                 e.what());
  }
  return 2;
}
