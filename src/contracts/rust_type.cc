// A recursive-descent parser for the type syntax that appears in row
// structs, sqlx type overrides, diesel SQL types and DWARF type names:
// paths with generic arguments (associated-type bindings `Item = T` and
// const arguments kept as kOther), references, raw pointers, tuples, arrays
// and slices, `_`, and `dyn`/`impl`/`fn` types as opaque text. Depth is
// bounded so that hostile input cannot exhaust the stack.
#include "contracts/rust_type.h"

#include <cctype>

namespace runwarden::contracts {

namespace {

constexpr int kMaxDepth = 64;

bool IsIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsIdentChar(char c) { return IsIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)); }

class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  Result<RustType> ParseAll() {
    RW_ASSIGN_OR_RETURN(RustType t, Type(0));
    Space();
    if (pos_ != text_.size()) return Error("unexpected '" + std::string(1, text_[pos_]) + "'");
    return t;
  }

 private:
  Status Error(const std::string& what) const {
    return InvalidInput("cannot read Rust type '" + std::string(text_) + "': " + what +
                        " at offset " + std::to_string(pos_));
  }

  void Space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Eat(std::string_view token) {
    Space();
    if (text_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }
  bool EatKeyword(std::string_view word) {
    Space();
    if (text_.substr(pos_, word.size()) != word) return false;
    const size_t after = pos_ + word.size();
    if (after < text_.size() && IsIdentChar(text_[after])) return false;
    pos_ = after;
    return true;
  }
  std::string Ident() {
    Space();
    const size_t start = pos_;
    if (text_.substr(pos_, 2) == "r#") pos_ += 2;
    if (pos_ >= text_.size() || !IsIdentStart(text_[pos_])) {
      pos_ = start;
      return "";
    }
    while (pos_ < text_.size() && IsIdentChar(text_[pos_])) ++pos_;
    std::string id(text_.substr(start, pos_ - start));
    if (id.starts_with("r#")) id.erase(0, 2);
    return id;
  }
  void SkipLifetime() {
    Space();
    if (pos_ < text_.size() && text_[pos_] == '\'') {
      ++pos_;
      Ident();
    }
  }
  // Skips balanced text up to (not including) a top-level `stop` character.
  std::string Balanced(std::string_view stops) {
    Space();
    const size_t start = pos_;
    int depth = 0;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '-' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '>') {
        pos_ += 2;  // the arrow of a fn type, not a closing '>'
        continue;
      }
      if (depth == 0 && stops.find(c) != std::string_view::npos) break;
      if (c == '<' || c == '(' || c == '[') ++depth;
      if (c == '>' || c == ')' || c == ']') {
        if (depth == 0) break;
        --depth;
      }
      ++pos_;
    }
    std::string out(text_.substr(start, pos_ - start));
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    return out;
  }

  Result<RustType> Type(int depth) {
    if (depth > kMaxDepth) return Error("type nested more than 64 levels deep");
    Space();
    RustType t;
    if (pos_ >= text_.size()) return Error("missing type");
    const char c = text_[pos_];
    if (c == '&') {
      ++pos_;
      t.kind = RustType::Kind::kReference;
      SkipLifetime();
      t.is_mut = EatKeyword("mut");
      RW_ASSIGN_OR_RETURN(RustType inner, Type(depth + 1));
      t.args.push_back(std::move(inner));
      return t;
    }
    if (c == '*') {
      ++pos_;
      t.kind = RustType::Kind::kPointer;
      if (EatKeyword("mut")) {
        t.is_mut = true;
      } else if (!EatKeyword("const")) {
        return Error("expected const or mut after *");
      }
      RW_ASSIGN_OR_RETURN(RustType inner, Type(depth + 1));
      t.args.push_back(std::move(inner));
      return t;
    }
    if (c == '(') {
      ++pos_;
      t.kind = RustType::Kind::kTuple;
      bool single_without_comma = false;
      while (!Eat(")")) {
        RW_ASSIGN_OR_RETURN(RustType e, Type(depth + 1));
        t.args.push_back(std::move(e));
        if (Eat(")")) {
          single_without_comma = t.args.size() == 1;
          break;
        }
        if (!Eat(",")) return Error("expected ',' or ')' in tuple");
      }
      // (T) is T in parentheses, not a one-element tuple.
      if (single_without_comma) return std::move(t.args[0]);
      return t;
    }
    if (c == '[') {
      ++pos_;
      RW_ASSIGN_OR_RETURN(RustType elem, Type(depth + 1));
      t.args.push_back(std::move(elem));
      if (Eat(";")) {
        t.kind = RustType::Kind::kArray;
        t.length = Balanced("]");
      } else {
        t.kind = RustType::Kind::kSlice;
      }
      if (!Eat("]")) return Error("expected ']'");
      return t;
    }
    if (c == '_' && (pos_ + 1 >= text_.size() || !IsIdentChar(text_[pos_ + 1]))) {
      ++pos_;
      t.kind = RustType::Kind::kInfer;
      return t;
    }
    const size_t start = pos_;
    if (EatKeyword("dyn") || EatKeyword("impl") || EatKeyword("fn") || EatKeyword("unsafe") ||
        EatKeyword("extern")) {
      Balanced(",>)];");
      t.kind = RustType::Kind::kOther;
      t.text = std::string(Trim(text_.substr(start, pos_ - start)));
      return t;
    }
    return Path(depth);
  }

  static std::string_view Trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  }

  Result<RustType> Path(int depth) {
    RustType t;
    t.kind = RustType::Kind::kPath;
    Eat("::");
    for (;;) {
      // Qualified paths (<T as Trait>::Name) are kept as text.
      Space();
      if (pos_ < text_.size() && text_[pos_] == '<' && t.path.empty()) {
        RustType other;
        other.kind = RustType::Kind::kOther;
        const size_t start = pos_;
        ++pos_;
        Balanced(">");
        Eat(">");
        while (Eat("::")) Ident();
        other.text = std::string(text_.substr(start, pos_ - start));
        return other;
      }
      std::string seg = Ident();
      if (seg.empty()) return Error("expected a type name");
      t.path.push_back(std::move(seg));
      Space();
      // Turbofish in type position: Vec::<u8>.
      const bool turbofish = text_.substr(pos_, 3) == "::<";
      if (turbofish) pos_ += 2;
      if (pos_ < text_.size() && text_[pos_] == '<') {
        if (!t.args.empty()) return Error("generic arguments on an inner path segment");
        ++pos_;
        RW_TRY(Arguments(t, depth));
      }
      if (!Eat("::")) break;
    }
    return t;
  }

  Status Arguments(RustType& t, int depth) {
    while (!Eat(">")) {
      Space();
      if (pos_ >= text_.size()) return Error("unclosed '<'");
      if (text_[pos_] == '\'') {
        SkipLifetime();
      } else if (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '{' ||
                 text_[pos_] == '-') {
        RustType other;
        other.kind = RustType::Kind::kOther;
        other.text = Balanced(",>");
        t.args.push_back(std::move(other));
      } else {
        const size_t save = pos_;
        const std::string name = Ident();
        if (!name.empty() && Eat("=") && !Eat("=")) {
          RustType binding;
          binding.kind = RustType::Kind::kOther;
          binding.text = name + " = " + Balanced(",>");
          t.args.push_back(std::move(binding));
        } else {
          pos_ = save;
          RW_ASSIGN_OR_RETURN(RustType arg, Type(depth + 1));
          t.args.push_back(std::move(arg));
        }
      }
      if (Eat(">")) break;
      if (!Eat(",")) return Error("expected ',' or '>' in generic arguments");
    }
    return Status::Ok();
  }

  std::string_view text_;
  size_t pos_ = 0;
};

void Print(const RustType& t, bool short_paths, std::string& out) {
  auto list = [&](const char* open, const char* close) {
    out += open;
    for (size_t i = 0; i < t.args.size(); ++i) {
      if (i) out += ", ";
      Print(t.args[i], short_paths, out);
    }
    out += close;
  };
  switch (t.kind) {
    case RustType::Kind::kPath:
      if (short_paths) {
        out += t.path.empty() ? "" : t.path.back();
      } else {
        for (size_t i = 0; i < t.path.size(); ++i) out += (i ? "::" : "") + t.path[i];
      }
      if (!t.args.empty()) list("<", ">");
      return;
    case RustType::Kind::kReference:
      out += t.is_mut ? "&mut " : "&";
      if (!t.args.empty()) Print(t.args[0], short_paths, out);
      return;
    case RustType::Kind::kPointer:
      out += t.is_mut ? "*mut " : "*const ";
      if (!t.args.empty()) Print(t.args[0], short_paths, out);
      return;
    case RustType::Kind::kTuple:
      list("(", t.args.size() == 1 ? ",)" : ")");
      return;
    case RustType::Kind::kArray:
      out += "[";
      if (!t.args.empty()) Print(t.args[0], short_paths, out);
      out += "; " + t.length + "]";
      return;
    case RustType::Kind::kSlice:
      out += "[";
      if (!t.args.empty()) Print(t.args[0], short_paths, out);
      out += "]";
      return;
    case RustType::Kind::kInfer:
      out += "_";
      return;
    case RustType::Kind::kOther:
      out += t.text;
      return;
  }
}

}  // namespace

std::string_view RustType::Name() const {
  if (kind != Kind::kPath || path.empty()) return {};
  return path.back();
}

const RustType* RustType::OptionInner() const {
  if (kind == Kind::kPath && Name() == "Option" && args.size() == 1) return &args[0];
  return nullptr;
}

std::string RustType::ToString() const {
  std::string out;
  Print(*this, false, out);
  return out;
}

std::string RustType::ShortString() const {
  std::string out;
  Print(*this, true, out);
  return out;
}

Result<RustType> ParseRustType(std::string_view text) { return TypeParser(text).ParseAll(); }

RustType PathType(std::vector<std::string> path, std::vector<RustType> args) {
  RustType t;
  t.kind = RustType::Kind::kPath;
  t.path = std::move(path);
  t.args = std::move(args);
  return t;
}

}  // namespace runwarden::contracts
