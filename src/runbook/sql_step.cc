// From a SQL code block to statements that are safe to execute.
//
// The block is split on top-level semicolons by the SQL lexer (so that
// semicolons in literals, identifiers and comments do not count). In each
// statement, placeholders become bind parameters numbered from $1 per
// statement, because each statement is executed on its own. A placeholder
// inside a string literal splits the literal into a concatenation around a
// bind parameter, so the value still never becomes SQL text. All statements
// of a block are then parsed with one libpg_query call; only when that fails
// is each statement parsed alone, to give every bad statement its own error.
#include "runbook/sql_step.h"

#include <map>
#include <set>

#include "base/text.h"
#include "runbook/placeholders.h"
#include "sql/lexer.h"
#include "sql/parser.h"
#include "sql/statement_names.h"

namespace runwarden::runbook {

namespace {

struct Piece {
  size_t begin;
  size_t end;
};

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
}

std::vector<Piece> SplitPieces(std::string_view code, const std::vector<sql::Segment>& segs) {
  std::vector<Piece> pieces;
  size_t start = 0;
  int depth = 0;
  for (const sql::Segment& s : segs) {
    if (s.kind != sql::SegmentKind::kCode) continue;
    for (size_t i = s.begin; i < s.end; ++i) {
      const char c = code[i];
      if (c == '(') {
        ++depth;
      } else if (c == ')') {
        depth = depth > 0 ? depth - 1 : 0;
      } else if (c == ';' && depth == 0) {
        pieces.push_back({start, i});
        start = i + 1;
      }
    }
  }
  pieces.push_back({start, code.size()});
  // Drop pieces that hold only white space and comments; trim the rest.
  std::vector<Piece> out;
  for (Piece p : pieces) {
    const size_t b = sql::SkipSpaceAndComments(code, p.begin);
    if (b >= p.end) continue;
    size_t e = p.end;
    while (e > b && (code[e - 1] == ' ' || code[e - 1] == '\t' || code[e - 1] == '\n' ||
                     code[e - 1] == '\r')) {
      --e;
    }
    out.push_back({b, e});
  }
  return out;
}

// True when the word before `pos` (skipping white space) is LIKE or ILIKE,
// or the two words are SIMILAR TO: the literal at `pos` is a pattern.
bool IsPatternOperand(std::string_view code, size_t pos) {
  size_t e = pos;
  while (e > 0 && (code[e - 1] == ' ' || code[e - 1] == '\t' || code[e - 1] == '\n' ||
                   code[e - 1] == '\r')) {
    --e;
  }
  size_t b = e;
  while (b > 0 && IsIdentChar(code[b - 1])) --b;
  const std::string word = AsciiUpper(code.substr(b, e - b));
  if (word == "LIKE" || word == "ILIKE") return true;
  if (word == "TO") {
    size_t e2 = b;
    while (e2 > 0 && (code[e2 - 1] == ' ' || code[e2 - 1] == '\t' || code[e2 - 1] == '\n')) --e2;
    size_t b2 = e2;
    while (b2 > 0 && IsIdentChar(code[b2 - 1])) --b2;
    return AsciiUpper(code.substr(b2, e2 - b2)) == "SIMILAR";
  }
  return false;
}

// Builds one statement's bound text from code[piece.begin, piece.end).
class StatementBuilder {
 public:
  StatementBuilder(std::string_view code, const std::vector<sql::Segment>& segs, Piece piece,
                   const std::shared_ptr<const SourceText>& source,
                   const std::shared_ptr<const BlockMap>& block_map, ParameterTable& params,
                   int statement_index, Step& step)
      : code_(code),
        segs_(segs),
        piece_(piece),
        source_(source),
        block_map_(block_map),
        params_(params),
        index_(statement_index),
        step_(step) {}

  Statement Build() {
    Statement st;
    st.text = std::string(code_.substr(piece_.begin, piece_.end - piece_.begin));
    SourceSpan highest_span;
    const int highest = HighestPositional(st, &highest_span);
    if (highest > kMaxBindParameters) {
      // Padding bind slots up to such a number would take memory without
      // bound; the statement cannot run anyway.
      st.bind_error =
          SqlSyntaxError{"a positional parameter above $" + std::to_string(kMaxBindParameters) +
                             ", PostgreSQL's limit of bind parameters",
                         highest_span};
    } else {
      next_bind_ = highest + 1;
    }
    size_t cursor = piece_.begin;
    written_cursor_ = piece_.begin;
    for (const sql::Segment& s : segs_) {
      if (s.end <= piece_.begin || s.begin >= piece_.end) continue;
      const size_t b = std::max(s.begin, piece_.begin);
      const size_t e = std::min(s.end, piece_.end);
      switch (s.kind) {
        case sql::SegmentKind::kCode:
          for (const PlaceholderMatch& m : FindPlaceholders(code_.substr(b, e - b))) {
            cursor = ReplaceInCode(st, cursor, b + m.begin, b + m.end, m);
          }
          break;
        case sql::SegmentKind::kStringLiteral:
          cursor = SplitLiteralIfNeeded(st, cursor, s);
          break;
        case sql::SegmentKind::kDollarQuoted:
          Record(s, PlaceholderContext::kSqlDollarQuoted);
          break;
        case sql::SegmentKind::kQuotedIdentifier:
          Record(s, PlaceholderContext::kSqlQuotedIdentifier);
          break;
        case sql::SegmentKind::kLineComment:
        case sql::SegmentKind::kBlockComment:
          Record(s, PlaceholderContext::kSqlComment);
          break;
      }
    }
    Append(cursor, piece_.end);
    AppendWritten(written_cursor_, piece_.end);
    written_text_ = std::move(written_);
    written_map_ = std::make_shared<StatementMap>(source_, block_map_, piece_.begin,
                                                  std::move(written_edits_));
    st.bound_text = std::move(bound_);
    st.bind_params = std::move(bind_params_);
    st.bind_like_pattern = std::move(bind_like_);
    st.span = FileSpan(piece_.begin, piece_.end);
    st.map = std::make_shared<StatementMap>(source_, block_map_, piece_.begin, std::move(edits_));
    return st;
  }

 private:
  SourceSpan FileSpan(size_t code_begin, size_t code_end) const {
    const size_t b = block_map_->ToFileOffset(code_begin);
    const size_t e = code_end > code_begin ? block_map_->ToFileOffset(code_end - 1) + 1 : b;
    return source_->Span(b, e);
  }

  // The largest $n written in the statement's code, recording each as an
  // unnamed parameter.
  int HighestPositional(Statement& st, SourceSpan* highest_span) const {
    int highest = 0;
    for (const sql::Segment& s : segs_) {
      if (s.kind != sql::SegmentKind::kCode || s.end <= piece_.begin || s.begin >= piece_.end)
        continue;
      const size_t e = std::min(s.end, piece_.end);
      for (size_t i = std::max(s.begin, piece_.begin); i < e; ++i) {
        if (code_[i] != '$' || (i > 0 && IsIdentChar(code_[i - 1]))) continue;
        size_t j = i + 1;
        int n = 0;  // saturates above the protocol limit
        for (; j < e && code_[j] >= '0' && code_[j] <= '9'; ++j)
          n = std::min(n * 10 + (code_[j] - '0'), kMaxBindParameters + 1);
        if (j == i + 1) continue;
        st.unnamed_parameters.push_back(FileSpan(i, j));
        if (n > highest) {
          highest = n;
          *highest_span = st.unnamed_parameters.back();
        }
      }
    }
    return highest;
  }

  void Append(size_t from, size_t to) { bound_.append(code_.substr(from, to - from)); }
  void AppendWritten(size_t from, size_t to) { written_.append(code_.substr(from, to - from)); }

 public:
  /// The statement with expression placeholders bound but string literals
  /// left as written, and its map: parsed only when the bound form fails.
  const std::string& written_text() const { return written_text_; }
  const std::shared_ptr<const StatementMap>& written_map() const { return written_map_; }

 private:
  int BindFor(const std::string& parameter, bool like_pattern) {
    const std::string key = AsciiLower(parameter);
    auto it = binds_.find(key);
    if (it != binds_.end()) {
      if (like_pattern) bind_like_[static_cast<size_t>(it->second - 1)] = true;
      return it->second;
    }
    const int n = next_bind_++;
    binds_[key] = n;
    // bind_params_ covers $1..$n; positional parameters written in the
    // runbook keep their slots, with no name.
    while (static_cast<int>(bind_params_.size()) < n - 1) {
      bind_params_.emplace_back();
      bind_like_.push_back(false);
    }
    bind_params_.push_back(parameter);
    bind_like_.push_back(like_pattern);
    return n;
  }

  Placeholder MakePlaceholder(const PlaceholderMatch& m, size_t code_begin, size_t code_end,
                              PlaceholderContext context) {
    Placeholder p;
    p.written = m.name;
    p.syntax = m.syntax;
    p.context = context;
    p.span = FileSpan(code_begin, code_end);
    p.parameter = params_.Resolve(m.name, p.span);
    p.statement = index_;
    return p;
  }

  size_t ReplaceInCode(Statement& st, size_t cursor, size_t b, size_t e,
                       const PlaceholderMatch& m) {
    Placeholder p = MakePlaceholder(m, b, e, PlaceholderContext::kSqlExpression);
    Append(cursor, b);
    const size_t bound_begin = bound_.size();
    if (params_.TypeOf(p.parameter) == ParamType::kIdentifier) {
      p.context = PlaceholderContext::kSqlIdentifier;
      bound_ += "\"" + p.parameter + "\"";
      st.identifier_slots.push_back({p.parameter, bound_begin, bound_.size()});
    } else {
      p.bind_index = BindFor(p.parameter, false);
      bound_ += "$" + std::to_string(p.bind_index);
    }
    edits_.push_back({bound_begin, bound_.size(), b - piece_.begin, e - piece_.begin});
    AppendWritten(written_cursor_, b);
    const size_t written_begin = written_.size();
    written_ += bound_.substr(bound_begin);
    written_edits_.push_back({written_begin, written_.size(), b - piece_.begin, e - piece_.begin});
    written_cursor_ = e;
    step_.placeholders.push_back(std::move(p));
    return e;
  }

  size_t SplitLiteralIfNeeded(Statement& st, size_t cursor, const sql::Segment& s) {
    const std::string_view body = code_.substr(s.body_begin, s.body_end - s.body_begin);
    const std::vector<PlaceholderMatch> matches = FindPlaceholders(body);
    if (matches.empty() || s.unterminated) return cursor;
    const bool pattern = IsPatternOperand(code_, s.begin);
    // The literal's prefix (E, U&, B, X, N) applies to every piece.
    const std::string prefix(code_.substr(s.begin, s.body_begin - 1 - s.begin));
    std::string replacement = "(";
    size_t last = 0;
    bool first = true;
    auto add_part = [&](std::string part) {
      if (!first) replacement += " || ";
      replacement += part;
      first = false;
    };
    for (const PlaceholderMatch& m : matches) {
      if (m.begin > last)
        add_part(prefix + "'" + std::string(body.substr(last, m.begin - last)) + "'");
      Placeholder p = MakePlaceholder(m, s.body_begin + m.begin, s.body_begin + m.end,
                                      PlaceholderContext::kSqlStringLiteral);
      p.bind_index = BindFor(p.parameter, pattern);
      add_part("$" + std::to_string(p.bind_index));
      step_.placeholders.push_back(std::move(p));
      last = m.end;
    }
    if (last < body.size()) add_part(prefix + "'" + std::string(body.substr(last)) + "'");
    replacement += ")";
    // A literal that is nothing but one placeholder is simply the parameter.
    if (matches.size() == 1 && matches[0].begin == 0 && matches[0].end == body.size()) {
      replacement = replacement.substr(1, replacement.size() - 2);
    }

    SplitLiteral split;
    split.original = std::string(code_.substr(s.begin, s.end - s.begin));
    split.replacement = replacement;
    split.like_pattern = pattern;
    split.span = FileSpan(s.begin, s.end);
    st.split_literals.push_back(std::move(split));

    Append(cursor, s.begin);
    const size_t bound_begin = bound_.size();
    bound_ += replacement;
    edits_.push_back({bound_begin, bound_.size(), s.begin - piece_.begin, s.end - piece_.begin});
    return s.end;
  }

  void Record(const sql::Segment& s, PlaceholderContext context) {
    const size_t b = std::max(s.begin, piece_.begin);
    const size_t e = std::min(s.end, piece_.end);
    for (const PlaceholderMatch& m : FindPlaceholders(code_.substr(b, e - b))) {
      step_.placeholders.push_back(MakePlaceholder(m, b + m.begin, b + m.end, context));
    }
  }

  std::string_view code_;
  const std::vector<sql::Segment>& segs_;
  Piece piece_;
  const std::shared_ptr<const SourceText>& source_;
  const std::shared_ptr<const BlockMap>& block_map_;
  ParameterTable& params_;
  int index_;
  Step& step_;

  std::string bound_;
  std::vector<StatementMap::Edit> edits_;
  std::string written_;
  std::vector<StatementMap::Edit> written_edits_;
  size_t written_cursor_ = 0;
  std::string written_text_;
  std::shared_ptr<const StatementMap> written_map_;
  std::vector<std::string> bind_params_;
  std::vector<bool> bind_like_;
  std::map<std::string, int> binds_;
  int next_bind_ = 1;
};

// `base` is where the statement's bound text starts in the text that was
// parsed.
void AttachParse(Statement& st, sql::StatementParse& parse, size_t base) {
  st.location_offset = static_cast<int64_t>(parse.location_base) - static_cast<int64_t>(base);
  if (parse.error) {
    const size_t at = parse.error->offset >= base ? parse.error->offset - base : 0;
    st.syntax_error = SqlSyntaxError{parse.error->message, st.map->Span(at, at)};
  } else {
    st.tree = parse.root;
    st.tree_owner = parse.tree;
  }
}

// Parses all statements of a step with one libpg_query call (`all` holds
// their bound texts at `bases`); falls back to one call per statement when
// the grammar sees other boundaries than the lexer did.
void ParseBoundTexts(Step& step, const std::string& all, const std::vector<size_t>& bases) {
  std::vector<sql::StatementParse> parses = sql::ParseStatements(all);
  // Match each parse to the statement whose text contains its start.
  std::vector<int> owner(parses.size(), -1);
  std::vector<int> count(step.statements.size(), 0);
  for (size_t k = 0; k < parses.size(); ++k) {
    for (size_t i = 0; i < step.statements.size(); ++i) {
      const size_t end = bases[i] + step.statements[i].bound_text.size() + 1;
      if (parses[k].offset >= bases[i] && parses[k].offset < end) {
        owner[k] = static_cast<int>(i);
        ++count[i];
        break;
      }
    }
  }
  bool clean = true;
  for (int c : count) clean = clean && c == 1;
  if (clean) {
    for (size_t k = 0; k < parses.size(); ++k) {
      AttachParse(step.statements[static_cast<size_t>(owner[k])], parses[k],
                  bases[static_cast<size_t>(owner[k])]);
    }
    return;
  }
  // The grammar saw other statement boundaries than the lexer (for example
  // a BEGIN ATOMIC body): parse each statement alone.
  for (Statement& st : step.statements) {
    std::vector<sql::StatementParse> one = sql::ParseStatements(st.bound_text);
    if (one.size() == 1) {
      AttachParse(st, one[0], 0);
    } else {
      sql::StatementParse bad;
      bad.error = sql::SyntaxError{
          "the statement could not be separated from its neighbours; "
          "end each statement with ;",
          0};
      AttachParse(st, bad, 0);
    }
  }
}

// A statement whose bound form does not parse but whose written form does
// has a placeholder in a string literal where PostgreSQL takes no parameter
// (SET app.x = '<TENANT_ID>'). Keep the written form's tree for analysis and
// record why the statement cannot be executed.
void UseWrittenFormWhereBindingBreaks(
    Step& step,
    const std::vector<std::pair<std::string, std::shared_ptr<const StatementMap>>>& written) {
  for (size_t i = 0; i < step.statements.size(); ++i) {
    Statement& st = step.statements[i];
    if (!st.syntax_error || st.split_literals.empty()) continue;
    std::vector<sql::StatementParse> one = sql::ParseStatements(written[i].first);
    if (one.size() != 1 || one[0].error) continue;
    st.bind_error = SqlSyntaxError{
        "PostgreSQL takes no bind parameter at this position (" + st.syntax_error->message + ")",
        st.split_literals.front().span};
    st.syntax_error.reset();
    st.map = written[i].second;
    st.location_offset = 0;
    st.tree = one[0].root;
    st.tree_owner = one[0].tree;
  }
}

// PostgreSQL accepts bind parameters only in statements the planner handles
// (and in CALL); SET, DDL and other utility statements reject $n at run time
// even where libpg_query's grammar accepts them.
bool TakesBindParameters(std::string_view tag) {
  return tag == "SelectStmt" || tag == "InsertStmt" || tag == "UpdateStmt" || tag == "DeleteStmt" ||
         tag == "MergeStmt" || tag == "CallStmt" || tag == "ExplainStmt" ||
         tag == "DeclareCursorStmt";
}

// A placeholder glued to a name (orders_<SUFFIX>) becomes part of the
// identifier, not a parameter: the tree has no ParamRef for its number.
void RefuseBindsThatAreNotValues(Step& step, size_t index) {
  Statement& st = step.statements[index];
  std::set<int64_t> used;
  sql::VisitAll(st.tree, [&](sql::Node n) {
    if (n.tag() == "ParamRef") used.insert(n.unwrap()["number"].integer());
  });
  for (const Placeholder& p : step.placeholders) {
    if (p.statement != static_cast<int>(index) || p.bind_index == 0) continue;
    if (used.count(p.bind_index)) continue;
    st.bind_error = SqlSyntaxError{"<" + p.written +
                                       "> is not a value at this position: PostgreSQL reads it "
                                       "as part of a name",
                                   p.span};
    return;
  }
}

void RefuseBindsInUtilityStatements(Step& step) {
  for (size_t i = 0; i < step.statements.size(); ++i) {
    Statement& st = step.statements[i];
    if (!st.tree) continue;
    if (TakesBindParameters(st.tree.tag())) {
      RefuseBindsThatAreNotValues(step, i);
      continue;
    }
    for (const Placeholder& p : step.placeholders) {
      if (p.statement != static_cast<int>(i) || p.bind_index == 0) continue;
      st.bind_error = SqlSyntaxError{
          "PostgreSQL takes no bind parameters in " + sql::StatementName(st.tree.tag()), p.span};
      break;
    }
  }
}

}  // namespace

void BuildSqlStep(const MarkdownBlock& block, const std::shared_ptr<const SourceText>& source,
                  ParameterTable& params, Step& step) {
  const std::string_view code = block.content;
  const std::vector<sql::Segment> segs = sql::Segments(code);
  const std::vector<Piece> pieces = SplitPieces(code, segs);

  std::string all;
  std::vector<size_t> bases;
  std::vector<std::pair<std::string, std::shared_ptr<const StatementMap>>> written;
  for (size_t i = 0; i < pieces.size(); ++i) {
    StatementBuilder builder(code, segs, pieces[i], source, block.content_map, params,
                             static_cast<int>(i), step);
    step.statements.push_back(builder.Build());
    written.emplace_back(builder.written_text(), builder.written_map());
    bases.push_back(all.size());
    all += step.statements.back().bound_text;
    all += ";\n";
  }
  if (pieces.empty()) return;

  ParseBoundTexts(step, all, bases);
  UseWrittenFormWhereBindingBreaks(step, written);
  RefuseBindsInUtilityStatements(step);
}

}  // namespace runwarden::runbook
