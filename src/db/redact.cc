// Password redaction for target strings.
//
// The keyword lexer mirrors libpq's conninfo_parse (white space separates
// pairs, spaces may surround '=', values are bare with backslash escapes or
// single-quoted). The URI scanner is deliberately more conservative than
// libpq's: user info ends at the LAST '@' before the query, so a password
// holding an unencoded '@' or '/' is masked whole and the target is refused
// (libpq would split it and echo the rest as a host name). Keys are matched
// case-insensitively, also after percent-decoding, so that no spelling of
// "password" slips through. A malformed keyword string is masked from the
// first malformed token to its end: a bare word there may be part of a
// password that contained a space.

#include "db/redact.h"

#include <algorithm>
#include <cstdlib>

#include "base/text.h"

namespace runwarden::db {

namespace {

struct Replacement {
  size_t begin;
  size_t end;
  std::string with;
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsSecretKey(std::string_view key) {
  return EqualsIgnoreCase(key, "password") || EqualsIgnoreCase(key, "sslpassword");
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

bool IsPostgresUri(std::string_view s) {
  return StartsWithIgnoreCase(s, "postgresql://") || StartsWithIgnoreCase(s, "postgres://");
}

bool LooksLikeConnectionString(std::string_view s) {
  return IsPostgresUri(s) || s.find('=') != std::string_view::npos;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string Apply(std::string_view s, std::vector<Replacement> replacements) {
  std::sort(replacements.begin(), replacements.end(),
            [](const Replacement& a, const Replacement& b) { return a.begin < b.begin; });
  std::string out;
  size_t at = 0;
  for (const Replacement& r : replacements) {
    if (r.begin < at) continue;
    out += s.substr(at, r.begin - at);
    out += r.with;
    at = r.end;
  }
  out += s.substr(std::min(at, s.size()));
  return out;
}

void AddSecret(Redaction& r, std::string_view raw, std::string decoded) {
  if (!raw.empty()) r.secrets.emplace_back(raw);
  if (!decoded.empty() && decoded != raw) r.secrets.push_back(std::move(decoded));
}

// A dbname value that is itself a connection string may carry a password.
// Returns true when the value must be masked whole.
bool RedactNested(Redaction& r, const std::string& value) {
  if (!LooksLikeConnectionString(value)) return false;
  Redaction nested = RedactTarget(value);
  if (nested.problem && !r.problem) r.problem = nested.problem;
  for (std::string& s : nested.secrets) r.secrets.push_back(std::move(s));
  return nested.text != value;
}

Redaction RedactUri(std::string_view s) {
  Redaction r;
  std::vector<Replacement> replacements;
  const size_t authority = s.find("://") + 3;
  const size_t query = s.find('?', authority);
  const size_t region_end = query == std::string_view::npos ? s.size() : query;
  const size_t at = s.substr(0, region_end).rfind('@');
  if (at != std::string_view::npos && at >= authority) {
    const std::string_view userinfo = s.substr(authority, at - authority);
    if (userinfo.find_first_of("@/") != std::string_view::npos) {
      r.problem =
          "the user name or password in the URI holds an unencoded '@' or '/'; "
          "percent-encode them as %40 and %2F";
      AddSecret(r, userinfo, PercentDecode(userinfo));
      replacements.push_back({authority, at, std::string(kRedactionMask)});
    } else if (const size_t colon = userinfo.find(':'); colon != std::string_view::npos) {
      const std::string_view password = userinfo.substr(colon + 1);
      if (!password.empty()) {
        AddSecret(r, password, PercentDecode(password));
        replacements.push_back({authority + colon + 1, at, std::string(kRedactionMask)});
      }
    }
  }
  if (query != std::string_view::npos) {
    size_t begin = query + 1;
    while (begin <= s.size()) {
      size_t end = s.find('&', begin);
      if (end == std::string_view::npos) end = s.size();
      const std::string_view param = s.substr(begin, end - begin);
      const size_t eq = param.find('=');
      if (eq == std::string_view::npos) {
        if (!param.empty()) {
          r.problem = "a query parameter of the URI has no '='";
          AddSecret(r, param, PercentDecode(param));
          replacements.push_back({begin, end, std::string(kRedactionMask)});
        }
      } else {
        const std::string key = PercentDecode(param.substr(0, eq));
        const std::string_view raw = param.substr(eq + 1);
        const std::string value = PercentDecode(raw);
        const bool mask = IsSecretKey(key)
                              ? !raw.empty()
                              : EqualsIgnoreCase(key, "dbname") && RedactNested(r, value);
        if (mask) {
          if (IsSecretKey(key)) AddSecret(r, raw, value);
          replacements.push_back({begin + eq + 1, end, std::string(kRedactionMask)});
        }
      }
      begin = end + 1;
    }
  }
  r.text = Apply(s, std::move(replacements));
  return r;
}

Redaction RedactKeywords(std::string_view s) {
  Redaction r;
  std::vector<Replacement> replacements;
  size_t i = 0;
  const size_t n = s.size();
  while (true) {
    while (i < n && IsSpace(s[i])) ++i;
    if (i >= n) break;
    const size_t key_begin = i;
    while (i < n && s[i] != '=' && !IsSpace(s[i])) ++i;
    const std::string_view key = s.substr(key_begin, i - key_begin);
    while (i < n && IsSpace(s[i])) ++i;
    if (i >= n || s[i] != '=') {
      r.problem = "the connection string is malformed: a keyword has no '=' after it";
      AddSecret(r, s.substr(key_begin), std::string());
      replacements.push_back({key_begin, n, std::string(kRedactionMask)});
      break;
    }
    ++i;
    while (i < n && IsSpace(s[i])) ++i;
    const size_t value_begin = i;
    std::string value;
    if (i < n && s[i] == '\'') {
      ++i;
      bool closed = false;
      while (i < n) {
        if (s[i] == '\\') {
          ++i;
          if (i < n) value += s[i++];
        } else if (s[i] == '\'') {
          ++i;
          closed = true;
          break;
        } else {
          value += s[i++];
        }
      }
      if (!closed) r.problem = "the connection string is malformed: a quoted value is not closed";
    } else {
      while (i < n && !IsSpace(s[i])) {
        if (s[i] == '\\') {
          ++i;
          if (i < n) value += s[i++];
        } else {
          value += s[i++];
        }
      }
    }
    const std::string_view raw = s.substr(value_begin, i - value_begin);
    bool mask = false;
    if (IsSecretKey(key)) {
      mask = !raw.empty();
      AddSecret(r, raw, value);
    } else if (EqualsIgnoreCase(key, "dbname")) {
      mask = RedactNested(r, value);
    }
    if (mask) replacements.push_back({value_begin, i, std::string(kRedactionMask)});
  }
  r.text = Apply(s, std::move(replacements));
  return r;
}

bool IsSqliteForm(std::string_view s) {
  if (StartsWithIgnoreCase(s, "sqlite:")) return true;
  for (std::string_view suffix : {".db", ".sqlite", ".sqlite3"}) {
    if (s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix) return true;
  }
  return false;
}

}  // namespace

Redaction RedactTarget(std::string_view target) {
  if (IsPostgresUri(target)) return RedactUri(target);
  if (IsSqliteForm(target) && target.find('=') == std::string_view::npos) {
    return Redaction{std::string(target), {}, std::nullopt};
  }
  if (target.find("://") != std::string_view::npos) return RedactUri(target);
  if (target.find('=') != std::string_view::npos) return RedactKeywords(target);
  if (const size_t at = target.rfind('@'); at != std::string_view::npos) {
    Redaction r;
    AddSecret(r, target.substr(0, at), std::string());
    r.text = std::string(kRedactionMask) + std::string(target.substr(at));
    return r;
  }
  return Redaction{std::string(target), {}, std::nullopt};
}

std::string RedactedTarget(std::string_view target) { return RedactTarget(target).text; }

std::string ScrubSecrets(std::string_view text, std::string_view target) {
  std::vector<std::string> secrets = RedactTarget(target).secrets;
  if (const char* env = std::getenv("PGPASSWORD"); env != nullptr && *env != '\0') {
    secrets.emplace_back(env);
  }
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string out(text);
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + kRedactionMask.size())) {
      out.replace(at, secret.size(), kRedactionMask);
    }
  }
  return out;
}

}  // namespace runwarden::db
