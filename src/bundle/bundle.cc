// Reproduction bundles: written when a run halts or fails, read by replay.
// The manifest is the only file whose structure runwarden interprets; the
// others are handed to the same readers a run uses (runbook, plan, DDL).
#include "bundle/bundle.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/file_reader.h"
#include "base/text.h"

namespace runwarden::bundle {

namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr char kManifest[] = "bundle.json";
constexpr char kPlan[] = "plan.json";
constexpr char kSchema[] = "schema.sql";
constexpr char kConfig[] = "runwarden.toml";
constexpr char kAuditLog[] = "audit.jsonl";
constexpr char kFixtures[] = "fixtures.sql";
constexpr size_t kMaxFileBytes = size_t{256} << 20;

std::string Errno() { return std::strerror(errno); }

Status WriteFile(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot create " + path + ": " + Errno());
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = Errno();
      ::close(fd);
      return IoError("cannot write " + path + ": " + why);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return IoError("cannot write " + path + ": " + Errno());
  return Status::Ok();
}

void SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  static_cast<void>(::fsync(fd));
  ::close(fd);
}

std::string ReadmeText(const Bundle& b) {
  std::string secrets;
  for (const BundleParameter& p : b.parameters) {
    if (p.secret) secrets += (secrets.empty() ? "" : ", ") + p.name;
  }
  std::string out = "# runwarden reproduction bundle\n\n";
  out += "A run of runbook `" + b.runbook_path + "` ended **" + b.outcome.final_status + "**";
  if (!b.outcome.failed_step.empty()) out += " at step `" + b.outcome.failed_step + "`";
  out += " (" + b.created + ").\n";
  if (!b.outcome.message.empty()) out += "\n> " + b.outcome.message + "\n";
  out +=
      "\nThis folder holds what is needed to make it happen again, away from the real target:\n\n"
      "| file | what it is |\n|---|---|\n"
      "| `bundle.json` | the manifest: parameters (secrets as SHA-256 only), tenant, outcome |\n"
      "| `runbook/" +
      RunbookFileName(b.runbook_path) +
      "` | the runbook as it was read |\n"
      "| `plan.json` | the plan the run was given (hash " +
      b.plan_hash +
      ") |\n"
      "| `schema.sql` | the target's schema as DDL (" +
      b.backend + ") |\n";
  if (!b.config_text.empty()) out += "| `runwarden.toml` | the configuration the run read |\n";
  out += "| `audit.jsonl` | the run's audit log (head " + b.audit_head + ") |\n";
  if (!b.fixtures_sql.empty()) out += "| `fixtures.sql` | rows loaded after the schema |\n";
  if (!b.rust_path.empty()) {
    out += "| `rust/` | the Rust crate the run checked (" + b.rust_path + ") |\n";
  }
  out += "\n## Replay\n\n```sh\nrunwarden replay " + std::string("<this folder>") +
         "\n```\n\n"
         "`replay` creates a sandbox database (" +
         std::string(b.backend == "postgres"
                         ? "a throwaway PostgreSQL cluster in a temporary folder, listening on a "
                           "unix socket only; it needs the PostgreSQL server binaries"
                         : "a SQLite file in a temporary folder") +
         "), loads `schema.sql` and, when present, `fixtures.sql`, plans the runbook with the same "
         "parameters and runs the plan there. Shell steps never run in a replay; manual and "
         "confirm steps are answered yes. It then says whether the same outcome happened at the "
         "same step with the same findings (exit 0) or not (exit 1).\n\n"
         "To reproduce a failure that depends on data, add the rows it needs as `fixtures.sql` "
         "(plain INSERT statements) before replaying.\n";
  if (!secrets.empty()) {
    out += "\nSecret parameters (" + secrets +
           ") are not in the bundle. `replay` asks for them on the terminal, or takes them with "
           "`--param NAME=VALUE`, and checks each against the SHA-256 recorded here.\n";
  }
  out += "\nVerify the audit log with `runwarden audit verify audit.jsonl --expect-head " +
         b.audit_head + "`.\n";
  return out;
}

// Line and column (1-based) of byte `offset` in `text`.
std::pair<size_t, size_t> LineColumn(const std::string& text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return {line, col};
}

Status Bad(const std::string& path, const std::string& what) {
  return InvalidInput(path + ": " + what)
      .WithHint("a bundle is written by runwarden when a run halts or fails; use it as written");
}

// A string member, required or not; "" when absent and optional.
Status StringField(const Json& j, const char* key, bool required, const std::string& where,
                   const std::string& path, std::string& out) {
  auto it = j.find(key);
  if (it == j.end()) {
    return required ? Bad(path, where + " has no \"" + key + "\"") : Status::Ok();
  }
  if (!it->is_string()) return Bad(path, where + "\"" + key + "\" is not a string");
  out = it->get<std::string>();
  return Status::Ok();
}

Result<std::string> ReadPart(const std::string& dir, const std::string& name, bool required) {
  const std::string path = (fs::path(dir) / name).string();
  std::error_code ec;
  if (!required && !fs::exists(path, ec)) return std::string();
  DiskFileReader reader;
  return reader.Read(path, kMaxFileBytes);
}

}  // namespace

bool IsSafeRelativePath(const std::string& path) {
  if (path.empty() || path.size() > 1024 || path.front() == '/' || path.back() == '/') {
    return false;
  }
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\' || c == 0x7f) return false;
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    const std::string part = path.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = slash + 1;
  }
  return true;
}

std::string RunbookFileName(const std::string& runbook_path) {
  return SafeFileName(fs::path(runbook_path).filename().string(), "runbook");
}

std::string ManifestText(const Bundle& b) {
  Json params = Json::array();
  for (const BundleParameter& p : b.parameters) {
    Json j{{"name", p.name}, {"secret", p.secret}};
    if (p.secret) {
      j["sha256"] = p.secret_sha256;
    } else {
      j["value"] = p.value ? Json(*p.value) : Json(nullptr);
    }
    params.push_back(std::move(j));
  }
  Json gates = Json::array();
  for (const std::string& g : b.outcome.halted_gates) gates.push_back(g);
  Json rust = Json::array();
  for (const auto& [path, text] : b.rust_files) rust.push_back(path);
  Json m{
      {"format", kBundleFormat},
      {"created", b.created},
      {"runbook",
       {{"path", b.runbook_path}, {"file", "runbook/" + RunbookFileName(b.runbook_path)}}},
      {"plan", {{"file", kPlan}, {"hash", b.plan_hash}}},
      {"tenant", b.tenant},
      {"parameters", params},
      {"backend", b.backend},
      {"schema", kSchema},
      {"config", b.config_text.empty() ? Json(nullptr) : Json(kConfig)},
      {"audit_log", {{"file", kAuditLog}, {"head", b.audit_head}}},
      {"fixtures", b.fixtures_sql.empty() ? Json(nullptr) : Json(kFixtures)},
      {"rust", b.rust_path.empty() ? Json(nullptr) : Json{{"path", b.rust_path}, {"files", rust}}},
      {"outcome",
       {{"final_status", b.outcome.final_status},
        {"failed_step", b.outcome.failed_step},
        {"message", b.outcome.message},
        {"halted_gates", gates}}}};
  return m.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Status WriteBundle(const std::string& dir, const Bundle& bundle) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    return IoError("the bundle folder " + dir + " already exists")
        .WithHint("a bundle is never overwritten; remove it or choose another folder");
  }
  const fs::path target(dir);
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string tmp =
      (parent / ("." + target.filename().string() + ".partial-" + std::to_string(::getpid())))
          .string();
  fs::remove_all(tmp, ec);
  if (::mkdir(tmp.c_str(), 0700) != 0 || ::mkdir((tmp + "/runbook").c_str(), 0700) != 0) {
    return IoError("cannot create the bundle folder " + tmp + ": " + Errno())
        .WithHint("check that " + parent.string() + " exists and is writable");
  }
  auto write_all = [&]() -> Status {
    RW_TRY(WriteFile(tmp + "/" + kManifest, ManifestText(bundle)));
    RW_TRY(
        WriteFile(tmp + "/runbook/" + RunbookFileName(bundle.runbook_path), bundle.runbook_text));
    RW_TRY(WriteFile(tmp + "/" + kPlan, bundle.plan_text));
    RW_TRY(WriteFile(tmp + "/" + kSchema, bundle.schema_ddl));
    if (!bundle.config_text.empty()) RW_TRY(WriteFile(tmp + "/" + kConfig, bundle.config_text));
    RW_TRY(WriteFile(tmp + "/" + kAuditLog, bundle.audit_log_text));
    if (!bundle.fixtures_sql.empty()) {
      RW_TRY(WriteFile(tmp + "/" + kFixtures, bundle.fixtures_sql));
    }
    for (const auto& [path, text] : bundle.rust_files) {
      if (!IsSafeRelativePath(path)) {
        return InvalidInput("the crate file " + path + " cannot be kept in a bundle");
      }
      const fs::path file = fs::path(tmp) / "rust" / path;
      std::error_code mkdir_error;
      fs::create_directories(file.parent_path(), mkdir_error);
      if (mkdir_error)
        return IoError("cannot create " + file.parent_path().string() + ": " +
                       mkdir_error.message());
      RW_TRY(WriteFile(file.string(), text));
    }
    RW_TRY(WriteFile(tmp + "/README.md", ReadmeText(bundle)));
    SyncDirectory(tmp + "/runbook");
    SyncDirectory(tmp);
    return Status::Ok();
  };
  Status s = write_all();
  if (s.ok() && ::rename(tmp.c_str(), dir.c_str()) != 0) {
    s = IoError("cannot move the bundle into place at " + dir + ": " + Errno());
  }
  if (!s.ok()) {
    fs::remove_all(tmp, ec);
    return s;
  }
  SyncDirectory(parent.string());
  return Status::Ok();
}

Status ParseManifest(const std::string& text, const std::string& path, Bundle& out) {
  Json m;
  try {
    m = Json::parse(text);
  } catch (const Json::parse_error& e) {
    const auto [line, col] = LineColumn(text, e.byte > 0 ? e.byte - 1 : 0);
    return Bad(path + ":" + std::to_string(line) + ":" + std::to_string(col), "not valid JSON");
  } catch (const Json::exception& e) {
    // A number too large for a double (1e99999) is valid JSON nlohmann
    // cannot hold.
    return Bad(path, std::string("cannot be read: ") + e.what());
  }
  if (!m.is_object()) return Bad(path, "the manifest is not a JSON object");
  std::string format;
  RW_TRY(StringField(m, "format", true, "the manifest", path, format));
  if (format != kBundleFormat) {
    return InvalidInput(path + ": a bundle of format \"" + format + "\", not " + kBundleFormat)
        .WithHint("replay it with the runwarden version that wrote it");
  }
  RW_TRY(StringField(m, "created", false, "the manifest", path, out.created));
  auto object = [&](const char* key) -> Result<const Json*> {
    auto it = m.find(key);
    if (it == m.end() || !it->is_object()) {
      return Bad(path, std::string("\"") + key + "\" is missing or not an object");
    }
    return &*it;
  };
  RW_ASSIGN_OR_RETURN(const Json* runbook, object("runbook"));
  RW_TRY(StringField(*runbook, "path", true, "\"runbook\"", path, out.runbook_path));
  RW_ASSIGN_OR_RETURN(const Json* plan, object("plan"));
  RW_TRY(StringField(*plan, "hash", true, "\"plan\"", path, out.plan_hash));
  RW_TRY(StringField(m, "tenant", false, "the manifest", path, out.tenant));
  RW_TRY(StringField(m, "backend", true, "the manifest", path, out.backend));
  if (out.backend != "postgres" && out.backend != "sqlite") {
    return Bad(path, "\"backend\" is \"" + out.backend + "\", not postgres or sqlite");
  }
  auto params = m.find("parameters");
  if (params == m.end() || !params->is_array()) {
    return Bad(path, "\"parameters\" is missing or not an array");
  }
  for (const Json& p : *params) {
    if (!p.is_object()) return Bad(path, "a parameter is not an object");
    BundleParameter bp;
    RW_TRY(StringField(p, "name", true, "a parameter", path, bp.name));
    auto secret = p.find("secret");
    bp.secret = secret != p.end() && secret->is_boolean() && secret->get<bool>();
    if (bp.secret) {
      RW_TRY(StringField(p, "sha256", true, "secret parameter " + bp.name, path, bp.secret_sha256));
    } else if (auto v = p.find("value"); v != p.end() && v->is_string()) {
      bp.value = v->get<std::string>();
    } else if (v != p.end() && !v->is_null()) {
      return Bad(path, "the value of parameter " + bp.name + " is not a string");
    }
    out.parameters.push_back(std::move(bp));
  }
  RW_ASSIGN_OR_RETURN(const Json* log, object("audit_log"));
  RW_TRY(StringField(*log, "head", false, "\"audit_log\"", path, out.audit_head));
  RW_ASSIGN_OR_RETURN(const Json* outcome, object("outcome"));
  RW_TRY(
      StringField(*outcome, "final_status", true, "\"outcome\"", path, out.outcome.final_status));
  RW_TRY(StringField(*outcome, "failed_step", false, "\"outcome\"", path, out.outcome.failed_step));
  RW_TRY(StringField(*outcome, "message", false, "\"outcome\"", path, out.outcome.message));
  if (auto r = m.find("rust"); r != m.end() && !r->is_null()) {
    if (!r->is_object()) return Bad(path, "\"rust\" is not an object");
    RW_TRY(StringField(*r, "path", true, "\"rust\"", path, out.rust_path));
    auto files = r->find("files");
    if (files == r->end() || !files->is_array()) {
      return Bad(path, "\"rust\" has no \"files\" array");
    }
    for (const Json& f : *files) {
      if (!f.is_string() || !IsSafeRelativePath(f.get<std::string>())) {
        return Bad(path, "a file of \"rust\" is not a relative path inside the bundle");
      }
      out.rust_files.emplace_back(f.get<std::string>(), "");
    }
  }
  if (auto g = outcome->find("halted_gates"); g != outcome->end() && g->is_array()) {
    for (const Json& x : *g) {
      if (x.is_string()) out.outcome.halted_gates.push_back(x.get<std::string>());
    }
  }
  return Status::Ok();
}

Result<Bundle> ReadBundle(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return NotFound(dir + " is not a folder")
        .WithHint("give the bundle folder runwarden printed when the run halted or failed");
  }
  Bundle b;
  RW_ASSIGN_OR_RETURN(std::string manifest, ReadPart(dir, kManifest, true));
  RW_TRY(ParseManifest(manifest, (fs::path(dir) / kManifest).string(), b));
  RW_ASSIGN_OR_RETURN(b.runbook_text,
                      ReadPart(dir, "runbook/" + RunbookFileName(b.runbook_path), true));
  RW_ASSIGN_OR_RETURN(b.plan_text, ReadPart(dir, kPlan, true));
  RW_ASSIGN_OR_RETURN(b.schema_ddl, ReadPart(dir, kSchema, true));
  RW_ASSIGN_OR_RETURN(b.config_text, ReadPart(dir, kConfig, false));
  RW_ASSIGN_OR_RETURN(b.audit_log_text, ReadPart(dir, kAuditLog, true));
  RW_ASSIGN_OR_RETURN(b.fixtures_sql, ReadPart(dir, kFixtures, false));
  for (auto& [path, text] : b.rust_files) {
    RW_ASSIGN_OR_RETURN(text, ReadPart(dir, "rust/" + path, true));
  }
  return b;
}

}  // namespace runwarden::bundle
