#include "runbook/attributes.h"

#include <set>

#include "base/text.h"

namespace runwarden::runbook {

namespace {

struct Token {
  std::string key;
  std::string value;
  bool has_value = false;
  size_t begin = 0;  // offsets in the info string
  size_t end = 0;
};

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

class InfoParser {
 public:
  InfoParser(std::string_view info, size_t file_offset, const SourceText& source)
      : info_(info), base_(file_offset), source_(source) {}

  InfoString Parse() {
    InfoString out;
    size_t i = 0;
    while (i < info_.size() && IsSpace(info_[i])) ++i;
    const size_t lang_begin = i;
    while (i < info_.size() && !IsSpace(info_[i]) && info_[i] != '{') ++i;
    out.language = AsciiLower(info_.substr(lang_begin, i - lang_begin));
    while (i < info_.size() && IsSpace(info_[i])) ++i;
    if (i >= info_.size()) return out;
    if (info_[i] != '{') {
      Problem(out.attrs, AttributeProblem::Kind::kSyntax, "",
              "attributes after the language must be written in braces, e.g. " + out.language +
                  " {#step-id scope=admin}",
              i, info_.size());
      return out;
    }
    const size_t open = i;
    ++i;
    std::vector<Token> tokens;
    bool closed = false;
    while (i < info_.size()) {
      while (i < info_.size() && IsSpace(info_[i])) ++i;
      if (i >= info_.size()) break;
      if (info_[i] == '}') {
        closed = true;
        ++i;
        break;
      }
      Token t;
      t.begin = i;
      if (info_[i] == '#' || info_[i] == '.') {
        const char sigil = info_[i];
        ++i;
        const size_t b = i;
        while (i < info_.size() && !IsSpace(info_[i]) && info_[i] != '}') ++i;
        t.key = sigil == '#' ? "id" : "." + std::string(info_.substr(b, i - b));
        t.value = std::string(info_.substr(b, i - b));
        t.has_value = sigil == '#';
      } else {
        const size_t b = i;
        while (i < info_.size() && !IsSpace(info_[i]) && info_[i] != '=' && info_[i] != '}') ++i;
        t.key = std::string(info_.substr(b, i - b));
        if (i < info_.size() && info_[i] == '=') {
          ++i;
          t.has_value = true;
          if (i < info_.size() && (info_[i] == '"' || info_[i] == '\'')) {
            const char q = info_[i];
            const size_t vb = ++i;
            while (i < info_.size() && info_[i] != q) ++i;
            if (i >= info_.size()) {
              Problem(out.attrs, AttributeProblem::Kind::kSyntax, t.key,
                      "the quoted value of " + t.key + " is not closed", t.begin, info_.size());
              closed = true;  // reported; keep the attributes read so far
              break;
            }
            t.value = std::string(info_.substr(vb, i - vb));
            ++i;
          } else {
            const size_t vb = i;
            while (i < info_.size() && !IsSpace(info_[i]) && info_[i] != '}') ++i;
            t.value = std::string(info_.substr(vb, i - vb));
          }
        }
      }
      t.end = i;
      tokens.push_back(std::move(t));
    }
    if (!closed) {
      Problem(out.attrs, AttributeProblem::Kind::kSyntax, "",
              "the attribute block is not closed with }", open, info_.size());
    } else {
      while (i < info_.size() && IsSpace(info_[i])) ++i;
      if (i < info_.size()) {
        Problem(out.attrs, AttributeProblem::Kind::kSyntax, "",
                "text after the closing } is not understood", i, info_.size());
      }
    }
    for (const Token& t : tokens) Apply(t, out.attrs);
    return out;
  }

 private:
  SourceSpan Span(size_t b, size_t e) const { return source_.Span(base_ + b, base_ + e); }

  void Problem(StepAttributes& a, AttributeProblem::Kind kind, const std::string& key,
               std::string message, size_t b, size_t e) const {
    a.problems.push_back(AttributeProblem{kind, key, std::move(message), Span(b, e)});
  }

  void Invalid(StepAttributes& a, const Token& t, std::string message) const {
    Problem(a, AttributeProblem::Kind::kInvalidValue, t.key, std::move(message), t.begin, t.end);
  }

  bool NeedValue(StepAttributes& a, const Token& t, std::string_view example) const {
    if (t.has_value && !t.value.empty()) return true;
    Invalid(a, t, t.key + " needs a value, e.g. " + std::string(example));
    return false;
  }

  bool Flag(StepAttributes& a, const Token& t) const {
    if (!t.has_value) return true;
    const std::string v = AsciiLower(t.value);
    if (v == "true" || v == "yes") return true;
    if (v == "false" || v == "no") return false;
    Invalid(a, t,
            t.key + " is a flag: write it alone, or " + t.key + "=true / " + t.key + "=false");
    return false;
  }

  std::optional<StepRef> Ref(StepAttributes& a, const Token& t, std::string_view value,
                             size_t value_offset) const {
    const std::string_view v = Trim(value);
    if (!IsStepId(v)) {
      Invalid(a, t,
              t.key + ": '" + std::string(v) +
                  "' is not a step id (letters, digits, '_', '-' and '.')");
      return std::nullopt;
    }
    const size_t b = t.begin + value_offset;
    return StepRef{std::string(v), Span(b, b + v.size())};
  }

  // Where the value starts inside the token's text.
  size_t ValueOffset(const Token& t) const {
    const std::string_view text = info_.substr(t.begin, t.end - t.begin);
    if (text.starts_with("#")) return 1;
    size_t eq = text.find('=');
    if (eq == std::string_view::npos) return 0;
    size_t off = eq + 1;
    if (off < text.size() && (text[off] == '"' || text[off] == '\'')) ++off;
    return off;
  }

  void Apply(const Token& t, StepAttributes& a) {
    std::string key = t.key;
    if (key == "lock-timeout") key = "lock_timeout";
    static const std::set<std::string> kKnown = {"id",       "needs",        "scope",  "atomic",
                                                 "timeout",  "lock_timeout", "expect", "confirm",
                                                 "rollback", "irreversible"};
    if (!kKnown.count(key)) {
      Problem(a, AttributeProblem::Kind::kUnknownKey, t.key, "unknown attribute '" + t.key + "'",
              t.begin, t.end);
      return;
    }
    if (!seen_.insert(key).second) {
      Invalid(a, t, key + " is given more than once");
      return;
    }
    if (key == "id") {
      if (NeedValue(a, t, "#cutoff")) a.id = Ref(a, t, t.value, ValueOffset(t));
    } else if (key == "needs") {
      if (!NeedValue(a, t, "needs=disconnect,notify")) return;
      size_t pos = 0;
      const size_t voff = ValueOffset(t);
      while (pos <= t.value.size()) {
        size_t comma = t.value.find(',', pos);
        if (comma == std::string::npos) comma = t.value.size();
        std::string_view part(t.value.data() + pos, comma - pos);
        size_t lead = 0;
        while (lead < part.size() && IsSpace(part[lead])) ++lead;
        if (auto ref = Ref(a, t, part, voff + pos + lead)) a.needs.push_back(std::move(*ref));
        pos = comma + 1;
      }
    } else if (key == "scope") {
      if (!NeedValue(a, t, "scope=admin")) return;
      a.scope_given = true;
      if (t.value == "tenant") {
        a.scope = Scope::kTenant;
      } else if (t.value == "admin") {
        a.scope = Scope::kAdmin;
      } else if (t.value == "global") {
        a.scope = Scope::kGlobal;
      } else {
        Invalid(a, t, "scope must be tenant, admin or global, not '" + t.value + "'");
      }
    } else if (key == "atomic") {
      if (!NeedValue(a, t, "atomic=containment")) return;
      if (auto ref = Ref(a, t, t.value, ValueOffset(t))) a.atomic_group = ref->id;
    } else if (key == "timeout" || key == "lock_timeout") {
      if (!NeedValue(a, t, key + "=30s")) return;
      auto d = ParseDuration(t.value);
      if (!d || d->count() <= 0) {
        Invalid(a, t,
                key + ": '" + t.value + "' is not a positive duration such as 500ms, 30s or 5m");
        return;
      }
      (key == "timeout" ? a.timeout : a.lock_timeout) = *d;
    } else if (key == "expect") {
      if (!NeedValue(a, t, "expect=\"rows == 0\"")) return;
      auto e = ParseExpectation(t.value);
      if (!e.ok()) {
        Invalid(a, t, e.status().message() + " (" + e.status().hint() + ")");
        return;
      }
      a.expect = std::move(*e);
    } else if (key == "confirm") {
      a.confirm = Flag(a, t);
    } else if (key == "irreversible") {
      a.irreversible = Flag(a, t);
    } else if (key == "rollback") {
      if (NeedValue(a, t, "rollback=restore-step")) a.rollback = Ref(a, t, t.value, ValueOffset(t));
    }
  }

  std::string_view info_;
  size_t base_;
  const SourceText& source_;
  std::set<std::string> seen_;
};

}  // namespace

bool IsStepId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  const auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(id[0])) return false;
  for (char c : id) {
    if (!alnum(c) && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

InfoString ParseInfoString(std::string_view info, size_t file_offset, const SourceText& source) {
  return InfoParser(info, file_offset, source).Parse();
}

}  // namespace runwarden::runbook
