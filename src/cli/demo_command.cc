// runwarden demo: the whole story on the embedded default (SQLite), with no
// server. The demo's files (examples/demo) are compiled into the binary; they
// are written to a fresh directory, the database is created through the db
// layer, and every stage is this same binary run as a child, exactly as a user
// would type it.
#include <CLI/CLI.hpp>

#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "cli/command.h"
#include "cli/demo_files.h"
#include "cli/demo_stage.h"
#include "cli/output.h"
#include "db/sqlite.h"

namespace runwarden::cli {

namespace {

namespace fs = std::filesystem;

// The story's facts. They match examples/demo/seed.sql and the runbooks.
constexpr char kTenant[] = "3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40";
// Globex, charged twice too; the demo leaves its rows alone.
constexpr char kOtherTenant[] = "9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83";
constexpr char kIncident[] = "INC-5120";
constexpr char kDatabase[] = "ledgerly.db";
constexpr char kBroken[] = "incident-billing-leak.md";
constexpr char kFixed[] = "incident-billing-leak-fixed.md";
constexpr char kHaltedLog[] = "halted.audit.jsonl";
constexpr char kCompletedLog[] = "completed.audit.jsonl";

void Say(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

std::string ExitMeaning(int code) {
  switch (code) {
    case 0:
      return "ok";
    case 1:
      return "findings at error severity, halted, refused or declined";
    case 2:
      return "bad usage or input";
    case 3:
      return "a step failed and was rolled back";
    case 130:
      return "interrupted";
    default:
      return "unexpected";
  }
}

std::string Joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

std::string Shown(const db::Value& v) { return v ? *v : "NULL"; }

// Every table's rows by rowid, to compare the database before and after a run.
struct TableRows {
  std::vector<std::string> columns;  // without the rowid
  std::map<std::string, db::Row> rows;
  std::optional<size_t> tenant_column;  // tenant_id or org_id, when the table has one
};
using Snapshot = std::map<std::string, TableRows>;

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

Result<Snapshot> TakeSnapshot(const std::string& path) {
  RW_ASSIGN_OR_RETURN(auto conn, db::OpenSqlite(path, db::SqliteOpenMode::kReadOnly));
  RW_ASSIGN_OR_RETURN(db::QueryResult tables,
                      conn->Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                  "NOT LIKE 'sqlite_%' ORDER BY name",
                                  {}));
  Snapshot snapshot;
  for (const db::Row& t : tables.rows) {
    const std::string name = Shown(t[0]);
    RW_ASSIGN_OR_RETURN(db::QueryResult rows,
                        conn->Query("SELECT rowid, * FROM " + QuoteIdentifier(name), {}));
    TableRows& table = snapshot[name];
    table.columns.assign(rows.columns.begin() + 1, rows.columns.end());
    for (size_t i = 0; i < table.columns.size(); ++i) {
      if (table.columns[i] == "tenant_id" || table.columns[i] == "org_id") table.tenant_column = i;
    }
    for (db::Row& row : rows.rows) {
      const std::string rowid = Shown(row[0]);
      row.erase(row.begin());
      table.rows.emplace(rowid, std::move(row));
    }
  }
  return snapshot;
}

// One row that differs between two snapshots.
struct RowChange {
  std::string table;
  std::string rowid;
  std::string what;    // "added", "removed" or "changed: col a -> b, ..."
  std::string tenant;  // the row's tenant key, "" when its table has none
};

std::vector<RowChange> Compare(const Snapshot& before, const Snapshot& after) {
  std::vector<RowChange> changes;
  for (const auto& entry : after) {
    // Named, not bound: a lambda below uses them (clang 14 cannot capture a
    // structured binding).
    const std::string& name = entry.first;
    const TableRows& now = entry.second;
    auto was = before.find(name);
    const TableRows empty;
    const TableRows& old = was == before.end() ? empty : was->second;
    auto tenant_of = [&](const db::Row& row) {
      return now.tenant_column ? Shown(row[*now.tenant_column]) : std::string();
    };
    for (const auto& [rowid, row] : now.rows) {
      auto it = old.rows.find(rowid);
      if (it == old.rows.end()) {
        changes.push_back({name, rowid, "added", tenant_of(row)});
        continue;
      }
      std::vector<std::string> diffs;
      for (size_t i = 0; i < row.size() && i < it->second.size(); ++i) {
        if (row[i] != it->second[i]) {
          diffs.push_back(now.columns[i] + " " + Shown(it->second[i]) + " -> " + Shown(row[i]));
        }
      }
      if (!diffs.empty()) {
        changes.push_back({name, rowid, "changed: " + Joined(diffs, ", "), tenant_of(row)});
      }
    }
    for (const auto& [rowid, row] : old.rows) {
      if (!now.rows.count(rowid)) changes.push_back({name, rowid, "removed", tenant_of(row)});
    }
  }
  return changes;
}

// What a stage must show for the story to hold.
struct Expect {
  int exit_code = 0;
  std::vector<std::string> output;  // substrings the output must contain
  std::string meaning;              // what that exit code means here, in words
};

class Demo {
 public:
  explicit Demo(fs::path dir) : dir_(std::move(dir)) {}

  int Run() {
    Intro();
    if (WriteFiles() && CreateDatabase() && Analyse() && HaltedRun()) CompletedRun();
    return Finish();
  }

 private:
  void Heading(const std::string& title) { Say("\n== " + title + "\n"); }

  void Differs(const std::string& what) {
    failures_.push_back(what);
    Say("   !! not as the story says: " + what + "\n");
  }

  // Runs `runwarden args...` in the demo directory, shows it and checks it.
  // Returns the child's output, or nullopt when it could not run or was
  // interrupted (the demo stops).
  std::optional<std::string> Stage(const std::vector<std::string>& args, const Expect& expect) {
    Say("\n$ runwarden " + Joined(args, " ") + "\n");
    auto run = RunSelf(args, dir_.string());
    if (!run.ok()) {
      Differs("runwarden " + args[0] + " could not be started: " + run.status().message());
      return std::nullopt;
    }
    Say(run->output);
    if (!run->output.empty() && run->output.back() != '\n') Say("\n");
    if (run->exit_code == 130) {
      interrupted_ = true;
      Say("-> exit 130: interrupted\n");
      return std::nullopt;
    }
    if (run->exit_code == expect.exit_code) {
      Say("-> exit " + std::to_string(run->exit_code) + ": " + expect.meaning + "\n");
    } else {
      Say("-> exit " + std::to_string(run->exit_code) + " (" + ExitMeaning(run->exit_code) + ")\n");
      Differs("runwarden " + args[0] + " exited " + std::to_string(run->exit_code) +
              ", the story expects " + std::to_string(expect.exit_code) + " (" +
              ExitMeaning(expect.exit_code) + ")");
    }
    for (const std::string& s : expect.output) {
      if (run->output.find(s) == std::string::npos) {
        Differs("runwarden " + args[0] + " did not say \"" + s + "\"");
      }
    }
    return run->output;
  }

  void Intro() {
    Say("runwarden demo: a billing incident at Ledgerly, a multi-tenant SaaS on SQLite\n"
        "\n"
        "On 2026-12-01 Ledgerly's billing worker retried its November usage batch after a\n"
        "timeout and charged two customers twice. The on-call engineer has a runbook that\n"
        "voids one tenant's duplicate charges, Acme Corp's first. The runbook has a mistake\n"
        "made under pressure: one query forgets its tenant filter and would show Acme's\n"
        "engineer another customer's charges. runwarden catches it before anything runs,\n"
        "then runs the fixed runbook, and the audit log proves what ran.\n"
        "\n"
        "No server is needed: SQLite is runwarden's embedded default. Each step below is\n"
        "runwarden itself, run in " +
        dir_.string() + ".\n");
  }

  bool WriteFiles() {
    Heading("The files: schema, seed rows, the service's Rust code, two runbooks");
    std::vector<std::string> names;
    for (const demo::EmbeddedFile& f : demo::kDemoFiles) {
      const fs::path path = dir_ / std::string(f.path);
      std::error_code ec;
      fs::create_directories(path.parent_path(), ec);
      std::ofstream out(path, std::ios::binary);
      out.write(f.bytes.data(), static_cast<std::streamsize>(f.bytes.size()));
      if (!out) {
        Differs("cannot write " + path.string());
        return false;
      }
      names.emplace_back(f.path);
    }
    Say("Wrote " + std::to_string(names.size()) +
        " files, embedded in this binary from examples/demo:\n"
        "  schema.sql                      14 tables of Ledgerly, keyed by tenant_id or org_id\n"
        "  seed.sql                        three tenants: Acme Corp, Globex, Initech\n"
        "  runwarden.toml                  the tenant keys, the shared table, SQLite's lack of "
        "RLS\n"
        "  billing-service/                the Rust service (sqlx) that reads these tables\n"
        "  " +
        std::string(kBroken) +
        "        the runbook as written during the incident\n"
        "  " +
        std::string(kFixed) + "  the same runbook, reviewed and fixed\n");
    return true;
  }

  bool CreateDatabase() {
    const std::string path = (dir_ / kDatabase).string();
    auto conn = db::OpenSqlite(path, db::SqliteOpenMode::kCreateIfMissing);
    if (!conn.ok()) {
      Differs("cannot create " + path + ": " + conn.status().message());
      return false;
    }
    for (const demo::EmbeddedFile& f : demo::kDemoFiles) {
      if (f.path != "schema.sql" && f.path != "seed.sql") continue;
      if (auto r = (*conn)->Execute(std::string(f.bytes)); !r.ok()) {
        Differs(std::string(f.path) + " does not load into SQLite: " + r.status().message());
        return false;
      }
    }
    auto orgs = (*conn)->Query("SELECT id, name FROM orgs ORDER BY name", {});
    if (!orgs.ok()) {
      Differs("cannot read the tenants: " + orgs.status().message());
      return false;
    }
    std::vector<std::string> tenants;
    for (const db::Row& row : orgs->rows) {
      names_[Shown(row[0])] = Shown(row[1]);
      tenants.push_back(Shown(row[1]) + " " + Shown(row[0]));
    }
    Say("Created " + std::string(kDatabase) +
        " from schema.sql and seed.sql with runwarden's own SQLite layer.\nTenants:\n  " +
        Joined(tenants, "\n  ") + "\n");
    return true;
  }

  bool Analyse() {
    Heading("1. The schema: which table belongs to a tenant, and how");
    Say("runwarden reads the DDL and finds each table's tenant key: tenant_id or org_id, or a\n"
        "foreign-key path to a table that has one. A table with neither is flagged, unless\n"
        "runwarden.toml says it is shared on purpose.\n");
    if (!Stage({"scan", "--schema", "schema.sql", "--tables"},
               {0,
                {"indirect via sessions.user_id -> users", "public.system_config  global",
                 "warning[unpartitioned-table]: public.audit_logs"},
                "no finding at error severity; audit_logs is flagged (a warning)"})) {
      return false;
    }

    Heading("2. The Rust service: do its row types still match the schema?");
    Say("runwarden reads the crate's sqlx FromRow structs and query_as! calls, resolves each\n"
        "query against the schema, and compares every field with its column.\n");
    if (!Stage({"contracts", "--rust", "billing-service", "--schema", "schema.sql"},
               {0,
                {"contracts loaded         8", "mismatches               1",
                 "warning[option-for-not-null-column]", "BillingUpdate.amount"},
                "one mismatch, a warning: BillingUpdate.amount is an Option for a NOT NULL "
                "column"})) {
      return false;
    }

    Heading("3. The runbook as written: every statement checked against the schema");
    Say("Is every row each statement reads or writes pinned to the run's tenant?\n");
    if (!Stage({"lint", kBroken, "--schema", "schema.sql"},
               {1,
                {"error[missing-tenant-filter]",
                 "add `AND billing_history.tenant_id = "
                 "<TENANT_ID>`"},
                "a finding at error severity: retried-charges reads every tenant's charges"})) {
      return false;
    }

    Heading("4. The plan: what would run, and why it will not");
    Say("The plan orders the steps, puts the atomic group in one transaction, and passes\n"
        "through its gates. The findings gate halts it, with the change that fixes it.\n");
    return Stage({"plan", kBroken, "--schema", "schema.sql", "--tenant", kTenant, "--param",
                  std::string("INCIDENT=") + kIncident, "-o", "halted.plan.json"},
                 {1,
                  {"findings      halted: missing-tenant-filter",
                   "Decision: execution_blocked_for_safety", "Remediation (1)"},
                  "halted for safety"})
        .has_value();
  }

  bool HaltedRun() {
    Heading("5. Running it anyway, against the database: refused, nothing runs");
    Say("runwarden run plans again against the live database (its catalog, a dry run of\n"
        "every statement without side effects) and executes only a plan that passes.\n");
    auto before = TakeSnapshot((dir_ / kDatabase).string());
    if (!before.ok()) {
      Differs("cannot read " + std::string(kDatabase) + ": " + before.status().message());
      return false;
    }
    before_ = *before;
    if (!Stage({"run", kBroken, "--target", std::string("sqlite:") + kDatabase, "--rust",
                "billing-service", "--tenant", kTenant, "--param",
                std::string("INCIDENT=") + kIncident, "--log", kHaltedLog},
               {1,
                {"Decision: execution_blocked_for_safety", "Nothing runs",
                 "Reproduction bundle: halted.bundle"},
                "halted: the plan is execution_blocked_for_safety"})) {
      return false;
    }
    auto after = TakeSnapshot((dir_ / kDatabase).string());
    if (!after.ok()) {
      Differs("cannot read " + std::string(kDatabase) + ": " + after.status().message());
      return false;
    }
    const std::vector<RowChange> changes = Compare(before_, *after);
    if (changes.empty()) {
      Say("   " + std::string(kDatabase) + " is exactly as before: every row of every table.\n");
    } else {
      Differs("the halted run changed " + std::to_string(changes.size()) + " rows");
    }

    Heading("6. The halt is on record");
    Say("Nothing ran, and the decision is in the audit log all the same: the phases with what\n"
        "each found, the gates, and the remediation.\n");
    if (!Stage({"audit", "verify", kHaltedLog},
               {0, {}, "the hash chain verifies: the halt is on record, intact"})) {
      return false;
    }
    if (!Stage({"report", kHaltedLog, "--format", "json"},
               {0,
                {"\"execution_phase\"", "\"final_status\": \"execution_blocked_for_safety\"",
                 "missing-tenant-filter"},
                "the decision tree of the halted run"})) {
      return false;
    }
    if (!Stage({"report", kHaltedLog, "--format", "md", "-o", "halted.report.md"},
               {0, {}, "the report of the halted run, written to halted.report.md"})) {
      return false;
    }

    Heading("7. The reproduction bundle, replayed in a sandbox");
    Say("The halted run left halted.bundle/ beside its log: the runbook, the plan, the\n"
        "parameters, the schema as DDL, the configuration, the Rust crate and the log. Anyone\n"
        "can make the same halt happen again, away from the real database. The halt also\n"
        "depends on rows (the dry run counts the rows void-duplicates would touch), and a\n"
        "bundle never copies a database's rows: people add the rows a replay needs as\n"
        "fixtures.sql. The demo's seed rows are the database as the run saw it:\n");
    std::error_code ec;
    fs::copy_file(dir_ / "seed.sql", dir_ / "halted.bundle" / "fixtures.sql", ec);
    if (ec) {
      Differs("cannot copy seed.sql into halted.bundle/fixtures.sql: " + ec.message());
      return false;
    }
    Say("\n$ cp seed.sql halted.bundle/fixtures.sql\n");
    return Stage({"replay", "halted.bundle"},
                 {0,
                  {"Reproduced: the replay ended execution_blocked_for_safety"},
                  "reproduced: the same halt, with the same findings"})
        .has_value();
  }

  bool CompletedRun() {
    Heading("8. The fixed runbook: planned, executed, recorded");
    Say("The reviewed runbook adds `tenant_id = <TENANT_ID>` to retried-charges. --yes answers\n"
        "the confirm of void-duplicates in advance (a person at a terminal would be asked).\n"
        "Each unit runs in one transaction; the atomic group correction (void the duplicates,\n"
        "write the audit note) commits whole or not at all, after expect=\"rows == 2\" held.\n");
    if (!Stage({"run", kFixed, "--target", std::string("sqlite:") + kDatabase, "--rust",
                "billing-service", "--tenant", kTenant, "--param",
                std::string("INCIDENT=") + kIncident, "--yes", "--log", kCompletedLog},
               {0,
                {"Decision: ready", "Rows of step retried-charges (2)", "Final status: completed"},
                "completed"})) {
      return false;
    }

    Heading("9. The audit log proves what ran");
    if (!Stage({"audit", "verify", kCompletedLog}, {0, {}, "the hash chain verifies"})) {
      return false;
    }
    if (!Stage({"report", kCompletedLog, "--format", "html", "-o", "completed.report.html"},
               {0, {}, "the report of the run, written to completed.report.html"})) {
      return false;
    }

    Heading("10. What changed in " + std::string(kDatabase));
    return CheckChanges();
  }

  bool CheckChanges() {
    const std::string path = (dir_ / kDatabase).string();
    auto conn = db::OpenSqlite(path, db::SqliteOpenMode::kReadOnly);
    if (!conn.ok()) {
      Differs("cannot open " + path + ": " + conn.status().message());
      return false;
    }
    const std::string sql =
        "SELECT id, kind, amount, status, note FROM billing_history WHERE tenant_id = $1 AND "
        "batch = 'usage-2026-11-retry' ORDER BY id";
    auto rows = (*conn)->Query(sql, {std::string(kTenant)});
    if (!rows.ok()) {
      Differs("cannot read billing_history: " + rows.status().message());
      return false;
    }
    Say("Acme Corp's charges of the retried batch, read with the tenant bound as $1:\n  " + sql +
        "\n  " + Joined(rows->columns, " | ") + "\n");
    size_t voided = 0;
    for (const db::Row& row : rows->rows) {
      std::vector<std::string> cells;
      for (const db::Value& v : row) cells.push_back(Shown(v));
      Say("  " + Joined(cells, " | ") + "\n");
      voided += Shown(row[3]) == "voided";
    }
    if (voided != 2 || rows->rows.size() != 2) {
      Differs("Acme Corp's two retried charges are not both voided");
    }

    auto after = TakeSnapshot(path);
    if (!after.ok()) {
      Differs("cannot read " + path + ": " + after.status().message());
      return false;
    }
    const std::vector<RowChange> changes = Compare(before_, *after);
    Say("\nEvery row of every table, compared with before the runs (" +
        std::to_string(changes.size()) + " rows differ):\n");
    size_t tenant_rows = 0, notes = 0;
    std::set<std::string> others;
    for (const RowChange& c : changes) {
      std::string owner = c.tenant.empty() ? "no tenant key" : names_[c.tenant];
      if (owner.empty()) owner = c.tenant;
      Say("  " + c.table + " row " + c.rowid + " (" + owner + "): " + c.what + "\n");
      if (c.tenant == kTenant && c.table == "billing_history") {
        ++tenant_rows;
      } else if (c.table == "audit_logs" && c.what == "added") {
        ++notes;
      } else {
        others.insert(c.table + " row " + c.rowid);
      }
    }
    if (tenant_rows != 2 || notes != 1 || !others.empty()) {
      Differs(
          "the run should change exactly Acme Corp's 2 retried charges and add 1 audit "
          "note; unexpected: " +
          (others.empty() ? std::string("the counts")
                          : Joined({others.begin(), others.end()}, ", ")));
      return false;
    }
    Say("Only Acme Corp's rows changed. Globex was charged twice too (billing_history rows 7\n"
        "and 8 are still charged): its correction is the same runbook with --tenant " +
        std::string(kOtherTenant) + ".\n");
    return true;
  }

  void ListFiles() {
    Heading("Files written");
    std::vector<std::pair<std::string, uintmax_t>> files;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) {
        files.emplace_back(fs::relative(it->path(), dir_, ec).string(), it->file_size(ec));
      }
    }
    std::sort(files.begin(), files.end());
    size_t width = 0;
    for (const auto& f : files) width = std::max(width, f.first.size());
    Say(dir_.string() + "/\n");
    for (const auto& [name, size] : files) {
      std::string bytes = std::to_string(size);
      bytes = std::string(bytes.size() < 6 ? 6 - bytes.size() : 0, ' ') + bytes;
      Say("  " + name + std::string(width - name.size() + 2, ' ') + bytes + " bytes  " +
          Described(name) + "\n");
    }
  }

  static std::string Described(const std::string& name) {
    auto ends = [&](const std::string& suffix) {
      return name.size() >= suffix.size() &&
             name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (name == kDatabase) return "the database, created by the demo, changed by the run";
    if (ends(".lock")) return "the run lock (flock) beside the database";
    if (name == kHaltedLog) return "audit log of the halted run";
    if (name == kCompletedLog) return "audit log of the completed run (hash-chained JSON Lines)";
    if (name == "halted.plan.json") return "the halted plan (runwarden plan -o)";
    if (name == "completed.plan.json") return "the plan that ran, kept beside its audit log";
    if (ends(".report.md") || ends(".report.html")) return "report (runwarden report)";
    if (name.rfind("halted.bundle", 0) == 0) return "reproduction bundle of the halted run";
    return "from examples/demo";
  }

  int Finish() {
    if (interrupted_) return ToInt(ExitCode::kInterrupted);
    ListFiles();
    Heading("Result");
    if (failures_.empty()) {
      Say("Every stage behaved as the story says: the leaky runbook halted with the change\n"
          "that fixes it, nothing ran, the halt is on record and replays the same from its\n"
          "bundle; the fixed runbook completed, changed only Acme Corp's rows, and its audit\n"
          "log verifies.\n");
      return ToInt(ExitCode::kOk);
    }
    Say("What differed from the story (" + std::to_string(failures_.size()) + "):\n");
    for (const std::string& f : failures_) Say("  - " + f + "\n");
    return ToInt(ExitCode::kFindings);
  }

  fs::path dir_;
  std::vector<std::string> failures_;
  bool interrupted_ = false;
  Snapshot before_;
  std::map<std::string, std::string> names_;
};

class DemoCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Writes the demo's files (a multi-tenant billing service on SQLite: schema, seed rows,\n"
        "its Rust crate and an incident runbook with its fix) into a fresh directory, creates\n"
        "the database, and runs scan, contracts, lint, plan, run, audit verify and report on\n"
        "them as child processes, printing each command and its exit code. No server needed.\n"
        "Exit 0 when every stage behaved as the story says; 1 otherwise, with what differed;\n"
        "2 bad usage (--dir exists and is not empty).");
    sub.add_option("--dir", dir_, "Write the files here (must not exist, or be empty); kept");
    sub.add_flag("--keep", keep_, "Keep the temporary directory (always kept with --dir)");
  }

  ExitCode Run() override {
    fs::path dir;
    bool temporary = false;
    std::error_code ec;
    if (!dir_.empty()) {
      dir = fs::absolute(dir_, ec);
      if (fs::exists(dir, ec) && (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec))) {
        PrintError(UsageError("--dir " + dir_ + " exists and is not an empty directory")
                       .WithHint("give a new directory; the demo never writes over files"));
        return ExitCode::kUsage;
      }
      fs::create_directories(dir, ec);
      if (ec) {
        PrintError(IoError("cannot create " + dir_ + ": " + ec.message()));
        return ExitCode::kUsage;
      }
    } else {
      std::string tmpl = (fs::temp_directory_path(ec) / "runwarden-demo.XXXXXX").string();
      if (::mkdtemp(tmpl.data()) == nullptr) {
        PrintError(IoError("cannot create a temporary directory in " +
                           fs::temp_directory_path(ec).string()));
        return ExitCode::kUsage;
      }
      dir = tmpl;
      temporary = true;
    }
    Demo demo(dir);
    const int code = demo.Run();
    if (temporary && !keep_) {
      fs::remove_all(dir, ec);
      Say("\nRemoved " + dir.string() +
          "; runwarden demo --keep (or --dir DIR) keeps the files.\n");
    }
    return static_cast<ExitCode>(code);
  }

 private:
  std::string dir_;
  bool keep_ = false;
};

}  // namespace

std::unique_ptr<Command> MakeDemoCommand() { return std::make_unique<DemoCommand>(); }

}  // namespace runwarden::cli
