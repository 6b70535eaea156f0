// Statements are split by the scanner and parsed one at a time, so that a
// statement seen before (the same query in several files) skips both the
// parse and the analysis. The cache is keyed by the exact text: a key that
// ignores constants (libpg_query's fingerprint) would merge statements whose
// constants decide the verdict, such as current_setting('app.tenant') and
// current_setting('app.current_tenant_id'), and computing it costs a parse.
#include "analysis/scope/application_sql.h"

#include <memory>

#include "sql/parser.h"

namespace runwarden::analysis::scope {

const ScopeCache::Entry* ScopeCache::Find(const std::string& text) const {
  auto it = entries_.find(text);
  if (it == entries_.end()) return nullptr;
  ++hits_;
  return &it->second;
}

const ScopeCache::Entry& ScopeCache::Add(std::string text, Entry entry) {
  return entries_.insert_or_assign(std::move(text), std::move(entry)).first->second;
}

namespace {

void Shift(StatementScope& scope, int64_t delta) {
  for (Occurrence& o : scope.occurrences) {
    o.location += delta;
    if (o.literal_at) *o.literal_at += delta;
    if (o.weakened_at) *o.weakened_at += delta;
  }
}

ScopeCache::Entry AnalyzeOne(const std::string& text, const ScopeContext& context) {
  ScopeCache::Entry e;
  std::vector<sql::StatementParse> parsed = sql::ParseStatements(text);
  if (parsed.empty()) return e;
  const sql::StatementParse& p = parsed.front();
  if (p.error) {
    e.error = p.error->message;
    e.error_offset = p.error->offset;
    return e;
  }
  e.parsed = true;
  e.scope = AnalyzeStatement(p.root, context);
  Shift(e.scope, static_cast<int64_t>(p.location_base) - static_cast<int64_t>(p.offset));
  return e;
}

}  // namespace

std::vector<AnalyzedStatement> AnalyzeApplicationSql(const SqlSource& source,
                                                     const ScopeContext& context, ScopeCache& cache,
                                                     std::vector<Status>* errors) {
  std::vector<AnalyzedStatement> out;
  const auto file = source.file;
  const auto map = std::make_shared<const std::vector<uint32_t>>(source.file_offset);
  auto file_offset = [map](size_t sql_offset) -> size_t {
    if (map->empty()) return sql_offset;
    return sql_offset < map->size() ? (*map)[sql_offset] : map->back() + 1;
  };
  for (const sql::TextRange& r : sql::SplitStatements(source.sql)) {
    std::string text = source.sql.substr(r.offset, r.length);
    const ScopeCache::Entry* entry = cache.Find(text);
    if (!entry) entry = &cache.Add(text, AnalyzeOne(text, context));
    const size_t begin = file_offset(r.offset);
    if (!entry->parsed) {
      if (!entry->error.empty() && errors) {
        const size_t at = file_offset(r.offset + entry->error_offset);
        errors->push_back(InvalidInput(entry->error)
                              .At(file->Span(at, at))
                              .WithHint("runwarden checks statements with the PostgreSQL 15 "
                                        "grammar; fix the statement or leave the file out"));
      }
      continue;
    }
    AnalyzedStatement a;
    a.step_scope = context.step_scope;
    a.span = file->Span(begin, begin);
    const size_t statement_offset = r.offset;
    a.span_at = [file, file_offset, statement_offset](int64_t location) {
      const size_t o =
          file_offset(statement_offset + static_cast<size_t>(location < 0 ? 0 : location));
      return file->Span(o, o);
    };
    a.scope = entry->scope;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace runwarden::analysis::scope
