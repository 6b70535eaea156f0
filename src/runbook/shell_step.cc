// Placeholders in shell scripts become environment variable references. How
// the reference is written depends on the quoting context at that point:
//   unquoted        <X>      ->  "${VAR}"
//   "..."           "a<X>"   ->  "a${VAR}"
//   '...'           'a<X>b'  ->  'a'"${VAR}"'b'
//   $'...'          $'a<X>'  ->  $'a'"${VAR}"$''
//   <<EOF body               ->  ${VAR}
//   <<'EOF' body             ->  unchanged; reported, it cannot expand
//   # comment                ->  unchanged
// The scanner follows bash's quoting rules closely enough for runbook
// scripts: backslash escapes, the three kinds of quotes, comments at word
// starts and here-documents.
#include "runbook/shell_step.h"

#include <set>

#include "runbook/placeholders.h"

namespace runwarden::runbook {

namespace {

enum class State { kNormal, kSingle, kDouble, kAnsiC, kComment };

struct Heredoc {
  std::string delimiter;
  bool quoted;
  bool strip_tabs;
};

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

class ShellRewriter {
 public:
  ShellRewriter(const MarkdownBlock& block, const std::shared_ptr<const SourceText>& source,
                ParameterTable& params, Step& step)
      : code_(block.content), block_(block), source_(source), params_(params), step_(step) {}

  void Run() {
    const std::vector<PlaceholderMatch> matches = FindPlaceholders(code_);
    size_t next_match = 0;
    State state = State::kNormal;
    std::vector<Heredoc> pending;
    size_t i = 0;
    while (i < code_.size()) {
      // Skip matches that an earlier construct consumed.
      while (next_match < matches.size() && matches[next_match].begin < i) ++next_match;
      if (next_match < matches.size() && matches[next_match].begin == i) {
        const PlaceholderMatch& m = matches[next_match++];
        Replace(m, state);
        i = m.end;
        continue;
      }
      const char c = code_[i];
      switch (state) {
        case State::kNormal:
          if (c == '\\' && i + 1 < code_.size()) {
            out_.append(code_.substr(i, 2));
            i += 2;
            continue;
          }
          if (c == '\'') {
            state = State::kSingle;
          } else if (c == '"') {
            state = State::kDouble;
          } else if (c == '$' && i + 1 < code_.size() && code_[i + 1] == '\'') {
            out_ += "$'";
            i += 2;
            state = State::kAnsiC;
            continue;
          } else if (c == '#' && (i == 0 || !IsWordChar(code_[i - 1])) &&
                     (i == 0 || code_[i - 1] != '$')) {
            state = State::kComment;
          } else if (code_.substr(i, 3) == "<<<") {
            out_ += "<<<";  // a here-string, not a here-document
            i += 3;
            continue;
          } else if (code_.substr(i, 2) == "<<") {
            i = ReadHeredocOperator(i, pending);
            continue;
          } else if (c == '\n' && !pending.empty()) {
            out_ += c;
            i = ReadHeredocBodies(i + 1, pending);
            pending.clear();
            continue;
          }
          break;
        case State::kSingle:
          if (c == '\'') state = State::kNormal;
          break;
        case State::kAnsiC:
          if (c == '\\' && i + 1 < code_.size()) {
            out_.append(code_.substr(i, 2));
            i += 2;
            continue;
          }
          if (c == '\'') state = State::kNormal;
          break;
        case State::kDouble:
          if (c == '\\' && i + 1 < code_.size()) {
            out_.append(code_.substr(i, 2));
            i += 2;
            continue;
          }
          if (c == '"') state = State::kNormal;
          break;
        case State::kComment:
          if (c == '\n') {
            state = State::kNormal;
            if (!pending.empty()) {
              out_ += c;
              i = ReadHeredocBodies(i + 1, pending);
              pending.clear();
              continue;
            }
          }
          break;
      }
      out_ += c;
      ++i;
    }
    step_.shell.script = std::move(out_);
  }

 private:
  SourceSpan FileSpan(size_t b, size_t e) const {
    return source_->Span(block_.content_map->ToFileOffset(b),
                         block_.content_map->ToFileOffset(e - 1) + 1);
  }

  // Records the placeholder and appends its replacement for `state`.
  void Replace(const PlaceholderMatch& m, State state) {
    Placeholder p;
    p.written = m.name;
    p.syntax = m.syntax;
    p.span = FileSpan(m.begin, m.end);
    p.parameter = params_.Resolve(m.name, p.span);
    p.context =
        state == State::kComment ? PlaceholderContext::kShellComment : PlaceholderContext::kShell;
    const std::string var = EnvVarName(p.parameter);
    if (p.context == PlaceholderContext::kShell && env_seen_.insert(var).second) {
      step_.shell.env.push_back({var, p.parameter});
    }
    switch (state) {
      case State::kNormal:
        out_ += "\"${" + var + "}\"";
        break;
      case State::kDouble:
        out_ += "${" + var + "}";
        break;
      case State::kSingle:
        out_ += "'\"${" + var + "}\"'";
        break;
      case State::kAnsiC:
        out_ += "'\"${" + var + "}\"$'";
        break;
      case State::kComment:
        out_.append(code_.substr(m.begin, m.end - m.begin));
        break;
    }
    step_.placeholders.push_back(std::move(p));
  }

  // Reads "<<[-] WORD" at code_[i]; copies it and queues the here-document.
  size_t ReadHeredocOperator(size_t i, std::vector<Heredoc>& pending) {
    size_t j = i + 2;
    Heredoc h{"", false, false};
    if (j < code_.size() && code_[j] == '-') {
      h.strip_tabs = true;
      ++j;
    }
    while (j < code_.size() && (code_[j] == ' ' || code_[j] == '\t')) ++j;
    // The delimiter may be quoted in whole or in part; any quoting makes the
    // body literal.
    while (j < code_.size()) {
      const char c = code_[j];
      if (c == '\'' || c == '"') {
        h.quoted = true;
        const size_t close = code_.find(c, j + 1);
        if (close == std::string_view::npos) break;
        h.delimiter.append(code_.substr(j + 1, close - j - 1));
        j = close + 1;
      } else if (c == '\\' && j + 1 < code_.size()) {
        h.quoted = true;
        h.delimiter += code_[j + 1];
        j += 2;
      } else if (IsWordChar(c)) {
        h.delimiter += c;
        ++j;
      } else {
        break;
      }
    }
    out_.append(code_.substr(i, j - i));
    if (!h.delimiter.empty()) pending.push_back(std::move(h));
    return j;
  }

  // Copies here-document bodies starting at `i` (the line after the
  // operator), rewriting placeholders in unquoted ones.
  size_t ReadHeredocBodies(size_t i, const std::vector<Heredoc>& pending) {
    for (const Heredoc& h : pending) {
      while (i < code_.size()) {
        size_t eol = code_.find('\n', i);
        const size_t line_end = eol == std::string_view::npos ? code_.size() : eol;
        std::string_view line = code_.substr(i, line_end - i);
        std::string_view cmp = line;
        if (h.strip_tabs) {
          while (!cmp.empty() && cmp.front() == '\t') cmp.remove_prefix(1);
        }
        const size_t next = eol == std::string_view::npos ? code_.size() : eol + 1;
        if (cmp == h.delimiter) {
          out_.append(code_.substr(i, next - i));
          i = next;
          break;
        }
        size_t cursor = i;
        for (const PlaceholderMatch& m : FindPlaceholders(line)) {
          const size_t b = i + m.begin, e = i + m.end;
          out_.append(code_.substr(cursor, b - cursor));
          PlaceholderMatch abs = m;
          abs.begin = b;
          abs.end = e;
          if (h.quoted) {
            Placeholder p;
            p.written = m.name;
            p.syntax = m.syntax;
            p.span = FileSpan(b, e);
            p.parameter = params_.Resolve(m.name, p.span);
            p.context = PlaceholderContext::kShellQuotedHeredoc;
            step_.placeholders.push_back(std::move(p));
            out_.append(code_.substr(b, e - b));
          } else {
            Replace(abs, State::kDouble);
          }
          cursor = e;
        }
        out_.append(code_.substr(cursor, next - cursor));
        i = next;
      }
    }
    return i;
  }

  std::string_view code_;
  const MarkdownBlock& block_;
  const std::shared_ptr<const SourceText>& source_;
  ParameterTable& params_;
  Step& step_;
  std::string out_;
  std::set<std::string> env_seen_;
};

}  // namespace

void BuildShellStep(const MarkdownBlock& block, const std::shared_ptr<const SourceText>& source,
                    ParameterTable& params, Step& step) {
  ShellRewriter(block, source, params, step).Run();
}

}  // namespace runwarden::runbook
