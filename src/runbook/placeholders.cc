#include "runbook/placeholders.h"

namespace runwarden::runbook {

namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return IsUpper(c) || (c >= 'a' && c <= 'z'); }

// <UPPER_SNAKE> at text[i] == '<'; returns the end offset or 0.
size_t MatchAngle(std::string_view text, size_t i) {
  size_t j = i + 1;
  if (j >= text.size() || !IsUpper(text[j])) return 0;
  while (j < text.size() && (IsUpper(text[j]) || IsDigit(text[j]) || text[j] == '_')) ++j;
  if (j >= text.size() || text[j] != '>') return 0;
  return j + 1;
}

// {{ name }} at text[i] == '{'; sets the name's range, returns the end or 0.
size_t MatchMustache(std::string_view text, size_t i, size_t* name_begin, size_t* name_end) {
  if (i + 1 >= text.size() || text[i + 1] != '{') return 0;
  size_t j = i + 2;
  while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
  if (j >= text.size() || !(IsAlpha(text[j]) || text[j] == '_')) return 0;
  *name_begin = j;
  while (j < text.size() && (IsAlpha(text[j]) || IsDigit(text[j]) || text[j] == '_')) ++j;
  *name_end = j;
  while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
  if (j + 1 >= text.size() || text[j] != '}' || text[j + 1] != '}') return 0;
  return j + 2;
}

}  // namespace

std::vector<PlaceholderMatch> FindPlaceholders(std::string_view text) {
  std::vector<PlaceholderMatch> out;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '<') {
      if (size_t end = MatchAngle(text, i)) {
        out.push_back(
            {i, end, std::string(text.substr(i + 1, end - i - 2)), PlaceholderSyntax::kAngle});
        i = end;
        continue;
      }
    } else if (c == '{') {
      size_t nb = 0, ne = 0;
      if (size_t end = MatchMustache(text, i, &nb, &ne)) {
        out.push_back(
            {i, end, std::string(text.substr(nb, ne - nb)), PlaceholderSyntax::kMustache});
        i = end;
        continue;
      }
    }
    ++i;
  }
  return out;
}

}  // namespace runwarden::runbook
