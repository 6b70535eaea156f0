// The count query is cut from the write's own text: the lexer tells code from
// literals, quoted names and comments, and the clause keywords (SET, FROM,
// USING, WHERE, RETURNING) are found at parenthesis depth 0 only, so a
// keyword inside a subquery, a string or a quoted name never splits a
// clause. Nothing of the statement is re-typed: the target, the FROM/USING
// list and the condition are its exact text.
#include "plan/blast_radius.h"

#include <cctype>
#include <set>
#include <vector>

#include "base/text.h"
#include "sql/lexer.h"

namespace runwarden::plan {

namespace {

struct Word {
  std::string upper;
  size_t begin;
  size_t end;
};

// Words of code at parenthesis depth 0, and the $n parameters used anywhere.
void Scan(std::string_view sql, std::vector<Word>& words, std::set<int>& params) {
  int depth = 0;
  for (const sql::Segment& seg : sql::Segments(sql)) {
    if (seg.kind != sql::SegmentKind::kCode) continue;
    size_t i = seg.begin;
    while (i < seg.end) {
      const char c = sql[i];
      if (c == '(') {
        ++depth;
        ++i;
      } else if (c == ')') {
        --depth;
        ++i;
      } else if (c == '$' && i + 1 < seg.end &&
                 std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
        size_t j = i + 1;
        int n = 0;
        while (j < seg.end && std::isdigit(static_cast<unsigned char>(sql[j])) && n < 100000) {
          n = n * 10 + (sql[j] - '0');
          ++j;
        }
        params.insert(n);
        i = j;
      } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        size_t j = i;
        while (j < seg.end && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_' ||
                               sql[j] == '$')) {
          ++j;
        }
        if (depth == 0) {
          words.push_back({AsciiUpper(sql.substr(i, j - i)), i, j});
        }
        i = j;
      } else {
        ++i;
      }
    }
  }
}

// Index of the first word at or after `from` that is one of `names`, or npos.
size_t Find(const std::vector<Word>& words, size_t from,
            std::initializer_list<std::string_view> names) {
  for (size_t i = from; i < words.size(); ++i) {
    for (std::string_view n : names) {
      if (words[i].upper == n) return i;
    }
  }
  return std::string::npos;
}

std::string Trimmed(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

Result<CountQuery> BlastRadiusQuery(
    std::string_view sql, sql::Node stmt, size_t bind_count,
    const std::function<std::string(std::string_view schema, std::string_view table)>& key_of) {
  const std::string_view tag = stmt.tag();
  const bool update = tag == "UpdateStmt";
  if (!update && tag != "DeleteStmt") {
    return InvalidInput(tag == "InsertStmt" || tag == "MergeStmt"
                            ? "the rows an INSERT or MERGE writes are not counted before it runs"
                            : "not an UPDATE or DELETE");
  }
  const sql::Node s = stmt.unwrap();
  if (s["withClause"]) {
    return InvalidInput("a write with a WITH clause is not counted: its CTEs could write too");
  }
  if (s["whereClause"].As("CurrentOfExpr")) {
    return InvalidInput("WHERE CURRENT OF names a cursor row, which is not counted");
  }
  const sql::Node rel = s["relation"];
  CountQuery q;
  const std::string schema(rel["schemaname"].str());
  const std::string table(rel["relname"].str());
  q.table = schema.empty() ? table : schema + "." + table;
  q.key_column = key_of(schema, table);
  const std::string_view alias = rel["alias"]["aliasname"].str();
  const std::string qualifier = QuoteIdentifier(alias.empty() ? table : alias);

  std::vector<Word> words;
  std::set<int> all_params;
  Scan(sql, words, all_params);
  // UPDATE target SET ... [FROM list] [WHERE cond] [RETURNING ...]
  // DELETE FROM target [USING list] [WHERE cond] [RETURNING ...]
  const size_t head = Find(words, 0, {update ? "UPDATE" : "DELETE"});
  const size_t target_kw = head == std::string::npos ? head
                           : update                  ? head
                                                     : Find(words, head + 1, {"FROM"});
  if (target_kw == std::string::npos) {
    return InvalidInput("the statement's clauses could not be found in its text");
  }
  const size_t after_target =
      Find(words, target_kw + 1, {update ? "SET" : "USING", "WHERE", "RETURNING"});
  const size_t target_end =
      after_target == std::string::npos ? sql.size() : words[after_target].begin;
  const std::string target =
      Trimmed(sql.substr(words[target_kw].end, target_end - words[target_kw].end));
  const size_t list_kw = Find(words, target_kw + 1, {update ? "FROM" : "USING"});
  const size_t where_kw = Find(words, target_kw + 1, {"WHERE"});
  const size_t returning_kw = Find(words, target_kw + 1, {"RETURNING"});
  const size_t end = returning_kw == std::string::npos ? sql.size() : words[returning_kw].begin;
  std::string list;
  if (list_kw != std::string::npos) {
    const size_t list_end = where_kw != std::string::npos ? words[where_kw].begin : end;
    list = Trimmed(sql.substr(words[list_kw].end, list_end - words[list_kw].end));
  }
  std::string cond;
  if (where_kw != std::string::npos) {
    cond = Trimmed(sql.substr(words[where_kw].end, end - words[where_kw].end));
  }

  q.sql = "SELECT " +
          (q.key_column.empty()
               ? std::string("CAST(NULL AS text)")
               : "CAST(" + qualifier + "." + QuoteIdentifier(q.key_column) + " AS text)") +
          ", count(*) FROM " + target + (list.empty() ? "" : ", " + list);
  // Binds only the SET clause used keep their type from a harmless use, so
  // that the count takes the same parameters as the write.
  std::string unused;
  std::set<int> in_query;
  std::vector<Word> ignored;
  Scan(cond + " " + list, ignored, in_query);
  for (size_t n = 1; n <= bind_count; ++n) {
    if (!in_query.count(static_cast<int>(n))) {
      unused += " AND coalesce(CAST($" + std::to_string(n) + " AS text), '') IS NOT NULL";
    }
  }
  if (!cond.empty()) {
    q.sql += " WHERE (" + cond + ")" + unused;
  } else if (!unused.empty()) {
    q.sql += " WHERE true" + unused;
  }
  q.sql += " GROUP BY 1 ORDER BY 1";
  return q;
}

std::string EscapeLikeValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace runwarden::plan
