// A small JSON reader for libpg_query output. It parses iteratively (no
// recursion, so deeply nested expressions cannot overflow the stack), unescapes
// strings in place inside the owned buffer (an unescaped string is never longer
// than its escaped form), and lays each container's children out contiguously
// so that lookups are a short linear scan.
#include "sql/tree.h"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace runwarden::sql {

namespace {

struct Frame {
  uint32_t slot;
  uint32_t scratch_begin;
  bool is_object;
};

struct Child {
  uint32_t slot;
  uint32_t key;
};

void AppendUtf8(uint32_t cp, char*& out) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool ParseHex4(const char* p, uint32_t* out) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
  }
  *out = v;
  return true;
}

}  // namespace

std::unique_ptr<Tree> Tree::Parse(std::string json, std::string* error) {
  std::unique_ptr<Tree> tree(new Tree());
  tree->json_ = std::move(json);
  if (!tree->Build(error)) return nullptr;
  return tree;
}

bool Tree::Build(std::string* error) {
  char* const base = json_.data();
  const size_t n = json_.size();
  size_t i = 0;
  std::vector<Frame> stack;
  std::vector<Child> scratch;
  uint32_t pending_key = 0;
  bool have_root = false;

  auto fail = [&](const char* what) {
    if (error) *error = std::string(what) + " at byte " + std::to_string(i);
    return false;
  };
  auto skip_ws = [&] {
    while (i < n && (base[i] == ' ' || base[i] == '\n' || base[i] == '\t' || base[i] == '\r')) ++i;
  };
  // Reads a string starting at base[i] == '"'; unescapes in place.
  auto read_string = [&](uint32_t* begin, uint32_t* size) -> bool {
    ++i;
    const size_t start = i;
    // Fast path: libpg_query's strings rarely hold escapes, and a string
    // without one is used in place.
    while (i < n && base[i] != '"' && base[i] != '\\') ++i;
    if (i < n && base[i] == '"') {
      *begin = static_cast<uint32_t>(start);
      *size = static_cast<uint32_t>(i - start);
      ++i;
      return true;
    }
    char* out = base + i;
    while (i < n) {
      char c = base[i];
      if (c == '"') {
        *begin = static_cast<uint32_t>(start);
        *size = static_cast<uint32_t>(out - (base + start));
        ++i;
        return true;
      }
      if (c == '\\') {
        if (i + 1 >= n) return false;
        char e = base[i + 1];
        i += 2;
        switch (e) {
          case '"':
            *out++ = '"';
            break;
          case '\\':
            *out++ = '\\';
            break;
          case '/':
            *out++ = '/';
            break;
          case 'b':
            *out++ = '\b';
            break;
          case 'f':
            *out++ = '\f';
            break;
          case 'n':
            *out++ = '\n';
            break;
          case 'r':
            *out++ = '\r';
            break;
          case 't':
            *out++ = '\t';
            break;
          case 'u': {
            uint32_t cp;
            if (i + 4 > n || !ParseHex4(base + i, &cp)) return false;
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= n && base[i] == '\\' &&
                base[i + 1] == 'u') {
              uint32_t lo;
              if (ParseHex4(base + i + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
              }
            }
            AppendUtf8(cp, out);
            break;
          }
          default:
            return false;
        }
        continue;
      }
      *out++ = c;
      ++i;
    }
    return false;
  };

  auto new_slot = [&](Node::Kind kind) {
    Slot slot{};
    slot.kind = kind;
    slot.integer = 0;
    slots_.push_back(slot);
    return static_cast<uint32_t>(slots_.size() - 1);
  };
  // Records a finished value as a child of the enclosing container.
  auto attach = [&](uint32_t slot) {
    if (!stack.empty()) {
      scratch.push_back(Child{slot, stack.back().is_object ? pending_key : 0});
    } else {
      have_root = true;
    }
  };

  // Sized from what libpg_query's JSON averages per value, so that large
  // trees do not grow (and copy) their arrays many times over.
  slots_.reserve(n / 16 + 4);
  children_.reserve(n / 8 + 4);
  keys_.reserve(n / 20 + 4);
  stack.reserve(64);
  scratch.reserve(256);
  for (;;) {
    skip_ws();
    if (i >= n) return fail("unexpected end of JSON");
    // Inside an object, read "key": first.
    if (!stack.empty() && stack.back().is_object) {
      if (base[i] != '"') return fail("expected object key");
      uint32_t kb, ks;
      if (!read_string(&kb, &ks)) return fail("bad string");
      keys_.push_back(static_cast<uint64_t>(kb) << 32 | ks);
      pending_key = static_cast<uint32_t>(keys_.size() - 1);
      skip_ws();
      if (i >= n || base[i] != ':') return fail("expected ':'");
      ++i;
      skip_ws();
      if (i >= n) return fail("unexpected end of JSON");
    }
    char c = base[i];
    if (c == '{' || c == '[') {
      const bool is_object = c == '{';
      uint32_t slot = new_slot(is_object ? Node::Kind::kObject : Node::Kind::kArray);
      attach(slot);
      stack.push_back(Frame{slot, static_cast<uint32_t>(scratch.size()), is_object});
      ++i;
      skip_ws();
      // A non-empty container reads its first child on the next turn; an
      // empty one is closed by the loop below.
      if (i >= n || base[i] != (is_object ? '}' : ']')) continue;
    } else if (c == '"') {
      uint32_t slot = new_slot(Node::Kind::kString);
      uint32_t b, s;
      if (!read_string(&b, &s)) return fail("bad string");
      slots_[slot].first = b;
      slots_[slot].count = s;
      attach(slot);
    } else if (c == 't' && n - i >= 4 && std::memcmp(base + i, "true", 4) == 0) {
      uint32_t slot = new_slot(Node::Kind::kBool);
      slots_[slot].integer = 1;
      i += 4;
      attach(slot);
    } else if (c == 'f' && n - i >= 5 && std::memcmp(base + i, "false", 5) == 0) {
      attach(new_slot(Node::Kind::kBool));
      i += 5;
    } else if (c == 'n' && n - i >= 4 && std::memcmp(base + i, "null", 4) == 0) {
      attach(new_slot(Node::Kind::kNull));
      i += 4;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      size_t end = i + 1;
      bool is_float = false;
      while (end < n) {
        char d = base[end];
        if (d >= '0' && d <= '9') {
          ++end;
        } else if (d == '.' || d == 'e' || d == 'E' || d == '+' || d == '-') {
          is_float = true;
          ++end;
        } else {
          break;
        }
      }
      uint32_t slot = new_slot(is_float ? Node::Kind::kFloat : Node::Kind::kInt);
      if (is_float) {
        std::string num(base + i, end - i);
        char* stop = nullptr;
        slots_[slot].number = std::strtod(num.c_str(), &stop);
        if (stop != num.c_str() + num.size()) return fail("bad number");
      } else {
        auto [p, ec] = std::from_chars(base + i, base + end, slots_[slot].integer);
        if (ec != std::errc() || p != base + end) return fail("bad number");
      }
      i = end;
      attach(slot);
    } else {
      return fail("unexpected character");
    }

    // After a value: close containers or expect a comma.
    for (;;) {
      skip_ws();
      if (stack.empty()) {
        if (i != n) return fail("trailing characters after JSON");
        if (!have_root) return fail("empty JSON");
        return true;
      }
      if (i >= n) return fail("unexpected end of JSON");
      const Frame& top = stack.back();
      const char close = top.is_object ? '}' : ']';
      if (base[i] == ',') {
        ++i;
        break;
      }
      if (base[i] != close) return fail("expected ',' or closing bracket");
      ++i;
      Slot& slot = slots_[top.slot];
      slot.first = static_cast<uint32_t>(children_.size() / 2);
      slot.count = static_cast<uint32_t>(scratch.size() - top.scratch_begin);
      for (size_t k = top.scratch_begin; k < scratch.size(); ++k) {
        children_.push_back(scratch[k].slot);
        children_.push_back(scratch[k].key);
      }
      scratch.resize(top.scratch_begin);
      stack.pop_back();
    }
  }
}

Node::Kind Node::kind() const { return tree_ ? tree_->slots_[index_].kind : Kind::kMissing; }

Node Node::operator[](std::string_view key) const {
  if (!tree_) return Node();
  const Tree::Slot& s = tree_->slots_[index_];
  if (s.kind != Kind::kObject) return Node();
  const uint32_t* c = tree_->children_.data() + 2 * static_cast<size_t>(s.first);
  for (uint32_t k = 0; k < s.count; ++k, c += 2) {
    const uint64_t packed = tree_->keys_[c[1]];
    if (tree_->Text(static_cast<uint32_t>(packed >> 32), static_cast<uint32_t>(packed)) == key) {
      return Node(tree_, c[0]);
    }
  }
  return Node();
}

Node Node::at(size_t i) const {
  if (!tree_) return Node();
  const Tree::Slot& s = tree_->slots_[index_];
  if ((s.kind != Kind::kArray && s.kind != Kind::kObject) || i >= s.count) return Node();
  return Node(tree_, tree_->children_[2 * (static_cast<size_t>(s.first) + i)]);
}

size_t Node::size() const {
  if (!tree_) return 0;
  const Tree::Slot& s = tree_->slots_[index_];
  return (s.kind == Kind::kArray || s.kind == Kind::kObject) ? s.count : 0;
}

std::string_view Node::key(size_t i) const {
  if (!tree_) return {};
  const Tree::Slot& s = tree_->slots_[index_];
  if (s.kind != Kind::kObject || i >= s.count) return {};
  const uint64_t packed =
      tree_->keys_[tree_->children_[2 * (static_cast<size_t>(s.first) + i) + 1]];
  return tree_->Text(static_cast<uint32_t>(packed >> 32), static_cast<uint32_t>(packed));
}

std::string_view Node::str() const {
  if (!tree_) return {};
  const Tree::Slot& s = tree_->slots_[index_];
  return s.kind == Kind::kString ? tree_->Text(s.first, s.count) : std::string_view();
}

int64_t Node::integer() const {
  if (!tree_) return 0;
  const Tree::Slot& s = tree_->slots_[index_];
  return (s.kind == Kind::kInt || s.kind == Kind::kBool) ? s.integer : 0;
}

double Node::number() const {
  if (!tree_) return 0;
  const Tree::Slot& s = tree_->slots_[index_];
  if (s.kind == Kind::kInt) return static_cast<double>(s.integer);
  return s.kind == Kind::kFloat ? s.number : 0.0;
}

bool Node::boolean() const {
  if (!tree_) return false;
  const Tree::Slot& s = tree_->slots_[index_];
  return s.kind == Kind::kBool && s.integer != 0;
}

std::string_view Node::tag() const {
  if (!tree_) return {};
  const Tree::Slot& s = tree_->slots_[index_];
  if (s.kind != Kind::kObject || s.count != 1) return {};
  return key(0);
}

Node Node::unwrap() const {
  if (tag().empty()) return Node();
  return at(0);
}

Node Node::As(std::string_view name) const { return tag() == name ? at(0) : Node(); }

Node::Iterator Node::begin() const {
  if (size() == 0) return Iterator(tree_, nullptr);
  return Iterator(tree_,
                  tree_->children_.data() + 2 * static_cast<size_t>(tree_->slots_[index_].first));
}

Node::Iterator Node::end() const {
  if (size() == 0) return Iterator(tree_, nullptr);
  return Iterator(tree_, tree_->children_.data() +
                             2 * (static_cast<size_t>(tree_->slots_[index_].first) + size()));
}

std::vector<std::string_view> NameList(Node list) {
  std::vector<std::string_view> names;
  for (Node item : list) {
    Node s = item.As("String");
    if (s) names.push_back(s["sval"].str());
  }
  return names;
}

std::optional<std::string_view> ConstString(Node node) {
  Node c = node.tag() == "A_Const" ? node.unwrap() : node;
  Node sval = c["sval"];
  if (!sval) return std::nullopt;
  return sval["sval"].str();
}

}  // namespace runwarden::sql
