#include "runbook/step_ids.h"

#include <map>
#include <set>

namespace runwarden::runbook {

namespace {

// Length of a leading section number such as "2. ", "3.1 ", "2) " or "A. ".
size_t SectionNumberLength(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  const size_t start = i;
  bool digits = false, dot = false;
  while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) {
    digits = digits || s[i] != '.';
    dot = dot || s[i] == '.';
    ++i;
  }
  // "2. ", "3.1 " and "2) " are section numbers; "2024 " is a word.
  if (digits && i < s.size() && ((dot && s[i] == ' ') || s[i] == ')')) {
    if (s[i] == ')') ++i;
    return i;
  }
  // A single capital letter followed by "." or ")" ("A. Containment").
  i = start;
  if (i + 2 < s.size() && s[i] >= 'A' && s[i] <= 'Z' && (s[i + 1] == '.' || s[i + 1] == ')') &&
      s[i + 2] == ' ') {
    return i + 2;
  }
  return 0;
}

}  // namespace

std::string Slugify(std::string_view heading) {
  heading.remove_prefix(SectionNumberLength(heading));
  std::string out;
  bool dash = false;
  for (char c : heading) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !out.empty()) out += '-';
      out += c;
      dash = false;
    } else if (c >= 'A' && c <= 'Z') {
      if (dash && !out.empty()) out += '-';
      out += static_cast<char>(c - 'A' + 'a');
      dash = false;
    } else if (c == '\'') {
      // "Tenant's" reads as "tenants".
    } else {
      dash = true;
    }
  }
  if (out.size() > 64) {
    out.resize(64);
    while (!out.empty() && out.back() == '-') out.pop_back();
  }
  return out.empty() ? "section" : out;
}

void AssignStepIds(std::vector<Step>& steps) {
  std::set<std::string> taken;
  for (const Step& s : steps) {
    if (s.id_origin == IdOrigin::kExplicit) taken.insert(s.id);
  }
  // First pass: the section slug, numbered within the section.
  std::map<std::string, int> per_section;  // full section path -> steps seen
  std::vector<std::string> base(steps.size());
  std::vector<std::string> parent(steps.size());
  std::vector<int> section_number(steps.size(), 0);
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    if (s.id_origin == IdOrigin::kExplicit) continue;
    const std::string section = s.section_path.empty() ? "" : s.section_path.back();
    std::string key;
    for (const auto& part : s.section_path) key += part + "\x1f";
    const int n = ++per_section[key];
    section_number[i] = n;
    base[i] = s.section_path.empty() ? "step" : Slugify(section);
    if (s.section_path.size() >= 2) parent[i] = Slugify(s.section_path[s.section_path.size() - 2]);
    if (n > 1) base[i] += "-" + std::to_string(n);
  }
  // Second pass: ids two sections share get the parent's slug in front.
  std::map<std::string, int> uses;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (!base[i].empty()) ++uses[base[i]];
  }
  for (size_t i = 0; i < steps.size(); ++i) {
    if (base[i].empty()) continue;
    if ((uses[base[i]] > 1 || taken.count(base[i])) && !parent[i].empty()) {
      base[i] = parent[i] + "-" + base[i];
    }
  }
  // Last pass: number whatever still collides, in document order. An id
  // already numbered within its section counts on from its number
  // (fix-2 -> fix-3), rather than growing a second suffix.
  for (size_t i = 0; i < steps.size(); ++i) {
    if (base[i].empty()) continue;
    std::string root = base[i];
    int n = 2;
    if (section_number[i] > 1) {
      root = base[i].substr(0, base[i].rfind('-'));
      n = section_number[i] + 1;
    }
    std::string id = base[i];
    while (taken.count(id)) id = root + "-" + std::to_string(n++);
    taken.insert(id);
    steps[i].id = id;
  }
}

}  // namespace runwarden::runbook
