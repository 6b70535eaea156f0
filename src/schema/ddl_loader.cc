// Reads DDL files and feeds their statements to DdlApplier.
//
// pg_dump output is not only SQL: psql meta-commands (\connect, \restrict)
// and the data lines of COPY ... FROM stdin would make the grammar fail, so
// they are blanked out first, keeping every other byte in place so that
// lines and columns stay those of the file.
#include "schema/ddl_loader.h"

#include <algorithm>
#include <filesystem>

#include "base/text.h"
#include "schema/ddl_apply.h"
#include "sql/lexer.h"
#include "sql/parser.h"

namespace runwarden::schema {

namespace {

namespace fs = std::filesystem;

void Blank(std::string& text, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    if (text[i] != '\n') text[i] = ' ';
  }
}

// Blanks psql meta-command lines and COPY data, returning how many
// meta-commands were removed.
size_t BlankNonSql(std::string& text) {
  size_t removed = 0;
  // Offsets that start a line inside code (not inside a literal or comment).
  std::vector<std::pair<size_t, size_t>> code;
  for (const sql::Segment& s : sql::Segments(text)) {
    if (s.kind == sql::SegmentKind::kCode) code.emplace_back(s.begin, s.end);
  }
  auto in_code = [&](size_t at) {
    auto it = std::upper_bound(code.begin(), code.end(), std::make_pair(at, SIZE_MAX));
    return it != code.begin() && at < std::prev(it)->second;
  };
  size_t line = 0;
  bool in_copy_data = false;
  while (line < text.size()) {
    size_t eol = text.find('\n', line);
    if (eol == std::string::npos) eol = text.size();
    std::string_view content(text.data() + line, eol - line);
    if (in_copy_data) {
      if (content == "\\." || content == "\\.\r") in_copy_data = false;
      Blank(text, line, eol);
    } else if (!content.empty() && content[0] == '\\' && in_code(line)) {
      Blank(text, line, eol);
      ++removed;
    } else if (in_code(line)) {
      const std::string upper = AsciiUpper(Trim(content));
      if (upper.starts_with("COPY ") && upper.ends_with("FROM STDIN;")) in_copy_data = true;
    }
    line = eol + 1;
  }
  return removed;
}

Status LoadOne(const std::string& path, std::string text, LoadedSchema& out, DdlApplier& applier) {
  if (auto bad = FindInvalidUtf8(text)) {
    auto src = std::make_shared<SourceText>(path, text);
    return InvalidInput("file is not valid UTF-8")
        .At(src->Span(*bad, *bad))
        .WithHint("convert the dump to UTF-8 (pg_dump --encoding=UTF8)");
  }
  if (text.find('\0') != std::string::npos) {
    return InvalidInput(path + ": file looks binary (it contains a NUL byte)")
        .WithHint("pass a plain-text dump (pg_dump --schema-only --format=plain)");
  }
  ++out.stats.files;
  auto source = std::make_shared<SourceText>(path, std::move(text));
  out.sources[path] = source;
  std::string sql = source->text();
  if (const size_t meta = BlankNonSql(sql)) {
    out.stats.skipped["psql meta-command"] += meta;
    out.stats.statements += meta;
  }
  for (sql::StatementParse& p : sql::ParseStatements(sql)) {
    if (p.error) {
      ++out.stats.statements;
      out.schema.load_problems.push_back(
          LoadProblem{LoadProblem::Kind::kSyntax, p.error->message,
                      source->Span(p.error->offset, p.error->offset)});
      continue;
    }
    applier.Apply(DdlStatement{p.root, p.tree, p.offset, p.length, p.location_base}, *source);
  }
  return Status::Ok();
}

bool IsDownMigration(const fs::path& p) {
  const std::string name = p.filename().string();
  return name == "down.sql" || name.ends_with(".down.sql");
}

}  // namespace

size_t LoadStats::skipped_total() const {
  size_t n = 0;
  for (const auto& [kind, count] : skipped) n += count;
  return n;
}

Result<LoadedSchema> LoadDdl(const std::string& path, const FileReader& reader) {
  LoadedSchema out;
  out.schema.origin = path;
  DdlApplier applier(out.schema, out.stats);
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(
             path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".sql" &&
          !IsDownMigration(it->path())) {
        files.push_back(it->path());
      }
    }
    if (ec) return IoError(path + ": cannot list the folder: " + ec.message());
    if (files.empty()) {
      return InvalidInput(path + ": the folder holds no .sql files")
          .WithHint("pass a pg_dump --schema-only file or a folder of migrations (*.sql)");
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      RW_ASSIGN_OR_RETURN(std::string text, reader.Read(f.string(), kMaxDdlBytes));
      RW_TRY(LoadOne(f.string(), std::move(text), out, applier));
    }
    return out;
  }
  RW_ASSIGN_OR_RETURN(std::string text, reader.Read(path, kMaxDdlBytes));
  RW_TRY(LoadOne(path, std::move(text), out, applier));
  return out;
}

Result<LoadedSchema> LoadDdlText(std::string text, const std::string& path) {
  LoadedSchema out;
  out.schema.origin = path;
  DdlApplier applier(out.schema, out.stats);
  RW_TRY(LoadOne(path, std::move(text), out, applier));
  return out;
}

}  // namespace runwarden::schema
