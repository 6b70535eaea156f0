// A subset of gitignore(5) sufficient for Rust workspaces: see the header.
// Not supported: per-user excludes (core.excludesFile, .git/info/exclude)
// and trailing-space escapes.
#include "contracts/gitignore.h"

namespace runwarden::contracts {

namespace {

// Matches a character class starting after '[' at pattern[p]; sets `next` to
// the index after ']'. Returns false for an unterminated class (then '[' is
// literal).
bool MatchClass(std::string_view pattern, size_t p, char c, bool& matched, size_t& next) {
  bool negate = false;
  if (p < pattern.size() && (pattern[p] == '!' || pattern[p] == '^')) {
    negate = true;
    ++p;
  }
  bool any = false;
  bool first = true;
  while (p < pattern.size() && (pattern[p] != ']' || first)) {
    first = false;
    char lo = pattern[p];
    if (lo == '\\' && p + 1 < pattern.size()) lo = pattern[++p];
    char hi = lo;
    if (p + 2 < pattern.size() && pattern[p + 1] == '-' && pattern[p + 2] != ']') {
      hi = pattern[p + 2];
      p += 2;
    }
    if (c >= lo && c <= hi) any = true;
    ++p;
  }
  if (p >= pattern.size()) return false;
  matched = any != negate && c != '/';
  next = p + 1;
  return true;
}

bool Match(std::string_view pattern, size_t p, std::string_view text, size_t t, int budget) {
  if (budget <= 0) return false;
  while (p < pattern.size()) {
    const char pc = pattern[p];
    if (pc == '*') {
      const bool double_star = p + 1 < pattern.size() && pattern[p + 1] == '*';
      if (double_star) {
        size_t rest = p + 2;
        // "**/" also matches zero directories.
        if (rest < pattern.size() && pattern[rest] == '/') {
          if (Match(pattern, rest + 1, text, t, budget - 1)) return true;
        }
        for (size_t k = t; k <= text.size(); ++k) {
          if (Match(pattern, rest, text, k, budget - 1)) return true;
        }
        return false;
      }
      for (size_t k = t; k <= text.size(); ++k) {
        if (Match(pattern, p + 1, text, k, budget - 1)) return true;
        if (k < text.size() && text[k] == '/') break;
      }
      return false;
    }
    if (t >= text.size()) return false;
    if (pc == '?') {
      if (text[t] == '/') return false;
      ++p;
      ++t;
      continue;
    }
    if (pc == '[') {
      bool matched = false;
      size_t next = 0;
      if (MatchClass(pattern, p + 1, text[t], matched, next)) {
        if (!matched) return false;
        p = next;
        ++t;
        continue;
      }
    }
    char want = pc;
    if (pc == '\\' && p + 1 < pattern.size()) want = pattern[++p];
    if (text[t] != want) return false;
    ++p;
    ++t;
  }
  return t == text.size();
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text) {
  return Match(pattern, 0, text, 0, 100000);
}

void IgnoreRules::AddFile(std::string_view dir, std::string_view text) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    Pattern p;
    p.base = std::string(dir);
    if (line[0] == '!') {
      p.negate = true;
      line.remove_prefix(1);
    } else if (line[0] == '\\') {
      line.remove_prefix(1);
    }
    if (!line.empty() && line.back() == '/') {
      p.dir_only = true;
      line.remove_suffix(1);
    }
    if (!line.empty() && line[0] == '/') {
      p.anchored = true;
      line.remove_prefix(1);
    } else if (line.find('/') != std::string_view::npos) {
      p.anchored = true;
    }
    if (line.empty()) continue;
    p.glob = std::string(line);
    patterns_.push_back(std::move(p));
  }
}

bool IgnoreRules::Ignored(std::string_view path, bool is_dir) const {
  bool ignored = false;
  for (const Pattern& p : patterns_) {
    if (p.dir_only && !is_dir) continue;
    std::string_view rel = path;
    if (!p.base.empty()) {
      if (!(path.size() > p.base.size() && path.starts_with(p.base) &&
            path[p.base.size()] == '/')) {
        continue;
      }
      rel = path.substr(p.base.size() + 1);
    }
    const bool match = p.anchored ? GlobMatch(p.glob, rel) : GlobMatch(p.glob, BaseName(rel));
    if (match) ignored = !p.negate;
  }
  return ignored;
}

}  // namespace runwarden::contracts
