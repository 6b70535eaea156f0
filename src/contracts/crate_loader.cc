// Walks a crate or workspace. The walk lists everything first (sorted per
// directory, so the order is the same on every file system) and reads
// afterwards, so that limits are checked before any parsing. Cargo.toml is
// read with a line scanner, not a TOML parser: only [package] name and the
// sqlx/diesel dependency lines matter, and those are simple in practice.
#include "contracts/crate_loader.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

#include "base/text.h"
#include "contracts/gitignore.h"
#include "contracts/offline_cache.h"
#include "contracts/rust_extract.h"

namespace runwarden::contracts {

namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxDepth = 64;
constexpr size_t kMaxIgnoreBytes = 1u << 20;

struct Listing {
  std::vector<std::string> rust;     // relative paths
  std::vector<std::string> offline;  // relative paths
  std::vector<std::string> cargo;    // relative paths of Cargo.toml files
};

std::string Join(std::string_view dir, std::string_view name) {
  if (dir.empty()) return std::string(name);
  return std::string(dir) + "/" + std::string(name);
}

std::string DirOf(std::string_view rel) {
  const size_t slash = rel.rfind('/');
  return slash == std::string_view::npos ? "" : std::string(rel.substr(0, slash));
}

bool SkippedDirectory(std::string_view name) {
  if (name == "target" || name == ".git") return true;
  return name.starts_with(".") && name != ".sqlx";
}

Status TooMany(const std::string& root, const CrateLimits& limits) {
  return InvalidInput(root + ": more than " + std::to_string(limits.max_files) + " files to read")
      .WithHint(
          "point --rust at the crate rather than a whole tree, or exclude paths with "
          ".gitignore");
}

Result<Listing> List(const std::string& root, const FileReader& reader, const CrateLimits& limits) {
  Listing out;
  IgnoreRules rules;
  std::vector<std::pair<std::string, size_t>> stack = {{"", 0}};
  size_t seen = 0;
  while (!stack.empty()) {
    auto [rel_dir, depth] = stack.back();
    stack.pop_back();
    const fs::path dir = rel_dir.empty() ? fs::path(root) : fs::path(root) / rel_dir;
    std::error_code ec;
    if (fs::is_regular_file(dir / ".gitignore", ec)) {
      auto text = reader.Read((dir / ".gitignore").string(), kMaxIgnoreBytes);
      if (text.ok()) rules.AddFile(rel_dir, *text);
    }
    std::vector<fs::directory_entry> entries;
    fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      return IoError(dir.string() + ": cannot list the directory: " + ec.message());
    }
    for (const auto& e : it) entries.push_back(e);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.path().filename() < b.path().filename();
    });
    std::vector<std::string> subdirs;
    for (const auto& e : entries) {
      if (++seen > limits.max_files * 4) return TooMany(root, limits);
      const std::string name = e.path().filename().string();
      const std::string rel = Join(rel_dir, name);
      if (e.is_symlink(ec)) continue;
      if (e.is_directory(ec)) {
        if (SkippedDirectory(name) || rules.Ignored(rel, true) || depth + 1 > kMaxDepth) continue;
        subdirs.push_back(rel);
        continue;
      }
      if (!e.is_regular_file(ec) || rules.Ignored(rel, false)) continue;
      if (name.ends_with(".rs")) {
        out.rust.push_back(rel);
      } else if (name == "Cargo.toml") {
        out.cargo.push_back(rel);
      } else if (name.starts_with("query-") && name.ends_with(".json") &&
                 (rel_dir == ".sqlx" || rel_dir.ends_with("/.sqlx"))) {
        out.offline.push_back(rel);
      }
      if (out.rust.size() + out.offline.size() > limits.max_files) return TooMany(root, limits);
    }
    // Depth first, in name order: push in reverse so the first name pops first.
    for (auto s = subdirs.rbegin(); s != subdirs.rend(); ++s) stack.push_back({*s, depth + 1});
  }
  std::sort(out.rust.begin(), out.rust.end());
  std::sort(out.offline.begin(), out.offline.end());
  std::sort(out.cargo.begin(), out.cargo.end());
  return out;
}

// "[package]" -> "package"; "" when the line is not a table header.
std::string_view SectionOf(std::string_view line) {
  line = Trim(line);
  if (!line.starts_with("[")) return {};
  line.remove_prefix(line.starts_with("[[") ? 2 : 1);
  const size_t close = line.find(']');
  return Trim(line.substr(0, close));
}

// The value of `key = "value"`, or nullopt.
std::optional<std::string> StringAssignment(std::string_view line, std::string_view key) {
  line = Trim(line);
  if (!line.starts_with(key)) return std::nullopt;
  line = Trim(line.substr(key.size()));
  if (!line.starts_with("=")) return std::nullopt;
  line = Trim(line.substr(1));
  if (line.size() < 2 || line[0] != '"') return std::nullopt;
  const size_t close = line.find('"', 1);
  if (close == std::string_view::npos) return std::nullopt;
  return std::string(line.substr(1, close - 1));
}

std::string ReadableRoot(const std::string& root) {
  std::string r = root;
  while (r.size() > 1 && r.back() == '/') r.pop_back();
  return r;
}

}  // namespace

std::string CargoPackageName(std::string_view cargo_toml) {
  std::string_view section;
  size_t pos = 0;
  while (pos <= cargo_toml.size()) {
    size_t eol = cargo_toml.find('\n', pos);
    if (eol == std::string_view::npos) eol = cargo_toml.size();
    const std::string_view line = cargo_toml.substr(pos, eol - pos);
    pos = eol + 1;
    if (std::string_view s = SectionOf(line); !s.empty()) {
      section = s;
      continue;
    }
    if (section != "package") continue;
    if (auto name = StringAssignment(line, "name")) {
      std::replace(name->begin(), name->end(), '-', '_');
      return *name;
    }
  }
  return "";
}

std::vector<DialectHint> CargoDialectHints(std::string_view cargo_toml, const std::string& path) {
  std::vector<DialectHint> out;
  auto add = [&](Dialect d, const std::string& what) { out.push_back({d, path + ": " + what}); };
  // Each dependency statement, joined over lines until its brackets close.
  std::string_view section;
  std::string statement;
  int depth = 0;
  auto finish = [&]() {
    const std::string_view s = Trim(statement);
    const size_t eq = s.find('=');
    if (eq != std::string_view::npos) {
      std::string key(Trim(s.substr(0, eq)));
      std::string dep;
      if (section.ends_with("dependencies")) {
        dep = key;
      } else if (const size_t dot = section.rfind("dependencies.");
                 dot != std::string_view::npos && key == "features") {
        dep = std::string(section.substr(dot + 13));
      }
      if (dep == "sqlx" || dep == "diesel") {
        for (const auto& [feature, dialect] :
             {std::pair{"\"postgres\"", Dialect::kPostgres}, {"\"sqlite\"", Dialect::kSqlite}}) {
          if (s.find(feature) != std::string_view::npos) {
            add(dialect, dep + " feature " + std::string(feature));
          }
        }
      } else if (dep == "sqlx-postgres" || dep == "pq-sys") {
        add(Dialect::kPostgres, "dependency " + dep);
      } else if (dep == "sqlx-sqlite" || dep == "libsqlite3-sys") {
        add(Dialect::kSqlite, "dependency " + dep);
      }
    }
    statement.clear();
    depth = 0;
  };
  size_t pos = 0;
  while (pos <= cargo_toml.size()) {
    size_t eol = cargo_toml.find('\n', pos);
    if (eol == std::string_view::npos) eol = cargo_toml.size();
    std::string_view line = cargo_toml.substr(pos, eol - pos);
    pos = eol + 1;
    if (const size_t hash = line.find('#');
        hash != std::string_view::npos && depth == 0 && line.find('"') == std::string_view::npos) {
      line = line.substr(0, hash);
    }
    if (depth == 0) {
      if (std::string_view s = SectionOf(line); !s.empty()) {
        section = s;
        continue;
      }
    }
    statement += std::string(line) + "\n";
    for (char c : line) {
      if (c == '[' || c == '{') ++depth;
      if (c == ']' || c == '}') --depth;
    }
    if (depth <= 0) finish();
  }
  finish();
  return out;
}

std::string ModuleOfFile(std::string_view rel) {
  if (!rel.starts_with("src/") || rel.starts_with("src/bin/")) return "";
  rel.remove_prefix(4);
  if (rel.ends_with(".rs")) rel.remove_suffix(3);
  if (rel == "lib" || rel == "main") return "";
  if (rel.ends_with("/mod")) rel.remove_suffix(4);
  std::string out;
  for (char c : rel) {
    if (c == '/') {
      out += "::";
    } else {
      out += c;
    }
  }
  return out;
}

Result<RustCrate> LoadRustCrate(const std::string& path, const FileReader& reader,
                                const CrateLimits& limits) {
  RustCrate crate;
  crate.root = ReadableRoot(path);
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    return NotFound(path + ": no such file or directory")
        .WithHint("--rust takes the directory of a crate or workspace (the one with Cargo.toml)");
  }
  RW_ASSIGN_OR_RETURN(RustParser parser, RustParser::Create());
  size_t total = 0;
  auto read = [&](const std::string& file) -> Result<std::string> {
    std::error_code size_ec;
    if (const auto size = fs::file_size(file, size_ec); !size_ec && size > limits.max_file_bytes) {
      return InvalidInput(file + ": file is " + FormatBytes(size) + ", larger than the limit of " +
                          FormatBytes(limits.max_file_bytes))
          .WithHint(
              "row structs do not live in files this large; if it is generated code, "
              "exclude it with .gitignore");
    }
    RW_ASSIGN_OR_RETURN(std::string text, reader.Read(file, limits.max_file_bytes));
    total += text.size();
    if (total > limits.max_total_bytes) {
      return InvalidInput(path + ": the Rust files add up to more than " +
                          FormatBytes(limits.max_total_bytes))
          .WithHint("point --rust at one crate, or exclude generated code with .gitignore");
    }
    return text;
  };

  if (fs::is_regular_file(st)) {
    RW_ASSIGN_OR_RETURN(std::string text, read(path));
    RW_TRY(ExtractRustFile(parser, std::move(text), {path, "", ""}, crate));
    return crate;
  }

  RW_ASSIGN_OR_RETURN(Listing listing, List(path, reader, limits));
  if (listing.rust.empty()) {
    return InvalidInput(path +
                        ": no .rs files found (target/, hidden directories and what "
                        ".gitignore excludes are skipped)")
        .WithHint("--rust takes the directory of a crate or workspace (the one with Cargo.toml)");
  }
  std::map<std::string, std::string> crate_of_dir;  // relative dir -> package name
  for (const std::string& rel : listing.cargo) {
    const std::string file = Join(crate.root, rel);
    RW_ASSIGN_OR_RETURN(std::string text, read(file));
    crate_of_dir[DirOf(rel)] = CargoPackageName(text);
    for (DialectHint& h : CargoDialectHints(text, file))
      crate.dialect_hints.push_back(std::move(h));
  }
  for (const std::string& rel : listing.rust) {
    // The nearest directory above the file that has a Cargo.toml.
    std::string dir = DirOf(rel);
    std::string crate_dir;
    std::string crate_name;
    for (;;) {
      if (auto it = crate_of_dir.find(dir); it != crate_of_dir.end() && !it->second.empty()) {
        crate_dir = dir;
        crate_name = it->second;
        break;
      }
      if (dir.empty()) break;
      dir = DirOf(dir);
    }
    const std::string in_crate = crate_dir.empty() ? rel : rel.substr(crate_dir.size() + 1);
    const std::string file = Join(crate.root, rel);
    RW_ASSIGN_OR_RETURN(std::string text, read(file));
    RW_TRY(ExtractRustFile(parser, std::move(text), {file, crate_name, ModuleOfFile(in_crate)},
                           crate));
  }
  for (const std::string& rel : listing.offline) {
    const std::string file = Join(crate.root, rel);
    RW_ASSIGN_OR_RETURN(std::string text, read(file));
    auto q = ParseOfflineQuery(std::move(text), file);
    if (!q.ok()) {
      crate.notes.push_back({SourceSpan{file, {}, {}}, q.status().message()});
      continue;
    }
    if (q->db_name == "PostgreSQL") {
      crate.dialect_hints.push_back({Dialect::kPostgres, file + ": db_name \"PostgreSQL\""});
    } else if (q->db_name == "SQLite") {
      crate.dialect_hints.push_back({Dialect::kSqlite, file + ": db_name \"SQLite\""});
    }
    crate.offline_queries.push_back(std::move(q).value());
  }
  return crate;
}

}  // namespace runwarden::contracts
