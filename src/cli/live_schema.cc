#include "cli/live_schema.h"

#include <CLI/CLI.hpp>

#include "cli/interrupt.h"
#include "db/target.h"
#include "schema/catalog.h"

namespace runwarden::cli {

void DatabaseOption::Add(CLI::App& sub, const std::string& help, const std::string& names) {
  option_ = sub.add_option(names, target_, help);
}

bool DatabaseOption::given() const { return option_ != nullptr && option_->count() > 0; }

Result<LiveSchema> ReadLiveSchema(const std::string& target, bool* interrupted) {
  *interrupted = false;
  RW_ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> conn, db::Open(target));
  LiveSchema live;
  live.backend = conn->Describe().backend;
  live.target = conn->Describe();
  live.server_version = conn->ServerVersion();
  CancelOnInterrupt guard(*conn);
  auto read = schema::ReadCatalog(*conn);
  if (guard.interrupted()) {
    *interrupted = true;
    return ExecutionError("interrupted while reading the catalog of " + conn->Describe().ToString())
        .WithHint("the read was cancelled; nothing was changed");
  }
  RW_ASSIGN_OR_RETURN(live.schema, std::move(read));
  return live;
}

}  // namespace runwarden::cli
