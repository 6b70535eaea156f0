// Verifying and reading audit logs (docs/audit-log-format.md).
//
// Verification walks the lines in order and stops at the first problem. A
// record is checked for its shape (a JSON object starting with seq, prev,
// time and kind), then its seq, then its prev against the hash of the line
// before it. A prev that does not match means the line before was changed,
// unless the next record's prev does not match this line either: then this
// line itself was changed (its prev with it), and that is the line named.
//
// Records are parsed with a nesting limit checked before parsing, so that
// nothing downstream (dumping fields, rendering) recurses without bound.
#include "audit/reader.h"

#include <algorithm>
#include <string_view>

#include "base/file_reader.h"
#include "base/sha256.h"
#include "base/text.h"

namespace runwarden::audit {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kMaxDepth = 64;
constexpr size_t kMaxLogBytes = size_t{256} << 20;

struct Line {
  std::string_view text;  ///< without the newline
  size_t offset = 0;
  bool terminated = false;  ///< followed by '\n'
};

std::vector<Line> SplitLines(const std::string& s) {
  std::vector<Line> lines;
  size_t start = 0;
  while (start < s.size()) {
    const size_t nl = s.find('\n', start);
    if (nl == std::string::npos) {
      lines.push_back({std::string_view(s).substr(start), start, false});
      break;
    }
    lines.push_back({std::string_view(s).substr(start, nl - start), start, true});
    start = nl + 1;
  }
  return lines;
}

/// Deepest nesting of arrays and objects in `text`, strings skipped.
int NestingDepth(std::string_view text) {
  int depth = 0, max = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max = std::max(max, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max;
}

/// Parses one line; on failure says why and at which byte of the line.
std::optional<Json> ParseLine(std::string_view text, std::string* why, size_t* byte) {
  if (NestingDepth(text) > kMaxDepth) {
    *why = "nested deeper than " + std::to_string(kMaxDepth) + " levels";
    *byte = 0;
    return std::nullopt;
  }
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    *why = "not JSON";
    *byte = e.byte > 0 ? e.byte - 1 : 0;
    return std::nullopt;
  } catch (const Json::exception&) {
    // A number too large for a double (out_of_range.406).
    *why = "not JSON: a number is out of range";
    *byte = 0;
    return std::nullopt;
  }
}

bool IsHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

/// Checks the shape of a record and fills `rec`; returns what is wrong, or
/// an empty string.
std::string ReadEnvelope(const Json& j, AuditRecord* rec) {
  if (!j.is_object()) return "not a JSON object";
  size_t i = 0;
  for (auto it = j.begin(); it != j.end() && i < std::size(kEnvelopeKeys); ++it, ++i) {
    if (it.key() != kEnvelopeKeys[i]) {
      return "key " + std::to_string(i + 1) + " is \"" + it.key() + "\", expected \"" +
             std::string(kEnvelopeKeys[i]) + "\"";
    }
  }
  if (i < std::size(kEnvelopeKeys)) {
    return "no \"" + std::string(kEnvelopeKeys[i]) + "\" key";
  }
  const Json& seq = j["seq"];
  if (!seq.is_number_integer() ||
      (seq.is_number_unsigned() && seq.get<uint64_t>() > uint64_t{INT64_MAX})) {
    return "seq is not an integer";
  }
  if (!j["prev"].is_string() || !IsHex64(j["prev"].get<std::string>())) {
    return "prev is not a lowercase hex SHA-256";
  }
  if (!j["time"].is_string() || !IsUtcTime(j["time"].get<std::string>())) {
    return "time is not an RFC 3339 UTC time";
  }
  if (!j["kind"].is_string() || j["kind"].get<std::string>().empty()) {
    return "kind is not a non-empty string";
  }
  rec->seq = seq.get<int64_t>();
  rec->prev = j["prev"].get<std::string>();
  rec->time = j["time"].get<std::string>();
  rec->kind = j["kind"].get<std::string>();
  rec->fields = Json::object();
  size_t skip = std::size(kEnvelopeKeys);
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (skip > 0) {
      --skip;
      continue;
    }
    rec->fields[it.key()] = it.value();
  }
  return "";
}

/// Checks line 1; returns what is wrong, or an empty string.
std::string ReadHeader(const Line& line, AuditHeader* header, size_t* byte) {
  std::string why;
  auto j = ParseLine(line.text, &why, byte);
  if (!j) return "line 1 is " + why;
  *byte = 0;
  if (!j->is_object()) return "line 1 is not a JSON object";
  if (!j->contains("format") || !(*j)["format"].is_string()) return "line 1 has no \"format\"";
  header->format = (*j)["format"].get<std::string>();
  if (header->format != kFormat) {
    return "the format is \"" + header->format + "\", not \"" + kFormat + "\"";
  }
  if (!j->contains("created") || !(*j)["created"].is_string() ||
      !IsUtcTime((*j)["created"].get<std::string>())) {
    return "the header has no RFC 3339 UTC \"created\" time";
  }
  if (!j->contains("run_id") || !(*j)["run_id"].is_string()) {
    return "the header has no \"run_id\" string";
  }
  header->created = (*j)["created"].get<std::string>();
  header->run_id = (*j)["run_id"].get<std::string>();
  header->line = std::string(line.text);
  return "";
}

/// The prev of a line when it is a JSON object with a string prev.
std::optional<std::string> PrevOf(const Line& line) {
  std::string why;
  size_t byte = 0;
  auto j = ParseLine(line.text, &why, &byte);
  if (!j || !j->is_object() || !j->contains("prev") || !(*j)["prev"].is_string()) {
    return std::nullopt;
  }
  return (*j)["prev"].get<std::string>();
}

int ColumnOf(std::string_view line, size_t byte) {
  if (byte > line.size()) byte = line.size();
  std::string_view prefix = line.substr(0, byte);
  if (FindInvalidUtf8(prefix)) return static_cast<int>(byte) + 1;
  return static_cast<int>(CountCodePoints(prefix)) + 1;
}

VerifyResult VerifyLines(const std::vector<Line>& lines, AuditHeader* header) {
  VerifyResult r;
  r.first_bad_line = 1;
  if (lines.empty()) {
    r.problem = "the file is empty";
    return r;
  }
  size_t byte = 0;
  AuditHeader h;
  if (std::string why = ReadHeader(lines[0], &h, &byte); !why.empty()) {
    r.problem = why;
    r.first_bad_column = ColumnOf(lines[0].text, byte);
    return r;
  }
  if (!lines[0].terminated) {
    r.problem = "line 1 does not end with a newline";
    r.first_bad_column = ColumnOf(lines[0].text, lines[0].text.size());
    return r;
  }
  if (header) *header = h;
  r.first_bad_line.reset();
  r.recognized = true;
  r.head = Sha256Hex(lines[0].text);
  r.verified_bytes = static_cast<int64_t>(lines[0].text.size() + 1);

  // Hash of the line before the previous one: the head when the previous
  // line turns out to be the bad one.
  std::string before_head;
  auto bad = [&r, &before_head](int line, std::string problem, int column = 1) {
    if (line < static_cast<int>(r.records) + 2) r.head = before_head;
    r.records = std::max(0, line - 2);
    r.first_bad_line = line;
    r.first_bad_column = column;
    r.problem = std::move(problem);
    return r;
  };
  int64_t expected = 1;
  for (size_t i = 1; i < lines.size(); ++i) {
    const Line& l = lines[i];
    const int n = static_cast<int>(i) + 1;
    const bool last = i + 1 == lines.size();
    if (!l.terminated) {
      r.torn_tail = true;
      r.torn_bytes = static_cast<int64_t>(l.text.size());
      break;
    }
    std::string why;
    auto j = ParseLine(l.text, &why, &byte);
    if (!j) {
      if (last) {
        r.torn_tail = true;
        r.torn_bytes = static_cast<int64_t>(l.text.size() + 1);
        break;
      }
      return bad(n, "line " + std::to_string(n) + " is " + why, ColumnOf(l.text, byte));
    }
    AuditRecord rec;
    if (std::string what = ReadEnvelope(*j, &rec); !what.empty()) {
      return bad(n, "line " + std::to_string(n) + ": " + what);
    }
    if (rec.seq != expected) {
      return bad(n, expected == 1
                        ? "line " + std::to_string(n) + ": the first record has seq " +
                              std::to_string(rec.seq) + ", not 1"
                        : "line " + std::to_string(n) + ": seq " + std::to_string(rec.seq) +
                              " follows " + std::to_string(expected - 1));
    }
    if (rec.prev != r.head) {
      const std::string base = "record " + std::to_string(rec.seq) +
                               ": prev does not match the hash of line " + std::to_string(n - 1);
      if (!last && lines[i + 1].terminated) {
        auto next_prev = PrevOf(lines[i + 1]);
        if (next_prev && *next_prev != Sha256Hex(l.text)) {
          return bad(n, base + ", and record " + std::to_string(rec.seq + 1) +
                            "'s prev does not match the hash of line " + std::to_string(n) +
                            ": line " + std::to_string(n) + " was changed");
        }
      }
      return bad(n - 1, base);
    }
    before_head = r.head;
    r.head = Sha256Hex(l.text);
    r.verified_bytes += static_cast<int64_t>(l.text.size() + 1);
    ++r.records;
    ++expected;
  }
  r.intact = true;
  return r;
}

/// A record read without judging it, for showing a log that does not verify.
AuditRecord LenientRecord(const Line& l, int line_number) {
  AuditRecord rec;
  rec.line = std::string(l.text);
  rec.line_number = line_number;
  std::string why;
  size_t byte = 0;
  auto j = ParseLine(l.text, &why, &byte);
  if (!j || !j->is_object()) {
    rec.kind = "(unreadable)";
    return rec;
  }
  if (ReadEnvelope(*j, &rec).empty()) return rec;
  if ((*j)["seq"].is_number_integer()) rec.seq = (*j)["seq"].get<int64_t>();
  if ((*j)["prev"].is_string()) rec.prev = (*j)["prev"].get<std::string>();
  if ((*j)["time"].is_string()) rec.time = (*j)["time"].get<std::string>();
  rec.kind = (*j)["kind"].is_string() ? (*j)["kind"].get<std::string>() : "(unreadable)";
  for (auto it = j->begin(); it != j->end(); ++it) {
    bool envelope = false;
    for (std::string_view k : kEnvelopeKeys) envelope = envelope || it.key() == k;
    if (!envelope) rec.fields[it.key()] = it.value();
  }
  return rec;
}

}  // namespace

VerifyResult Verify(const std::string& contents) {
  return VerifyLines(SplitLines(contents), nullptr);
}

Result<AuditLog> ParseLog(const std::string& contents, const std::string& path) {
  const std::vector<Line> lines = SplitLines(contents);
  AuditLog log;
  log.path = path;
  log.verify = VerifyLines(lines, &log.header);
  if (!log.verify.recognized) {
    SourceSpan span;
    span.path = path;
    span.begin = {1, static_cast<uint32_t>(log.verify.first_bad_column), 0};
    span.end = span.begin;
    return InvalidInput("not a runwarden audit log: " + log.verify.problem)
        .At(span)
        .WithHint(
            "runwarden audit reads the JSON Lines logs runwarden writes while it runs a plan "
            "(docs/audit-log-format.md)");
  }
  size_t end = lines.size();
  if (log.verify.torn_tail) --end;
  for (size_t i = 1; i < end; ++i) {
    log.records.push_back(LenientRecord(lines[i], static_cast<int>(i) + 1));
  }
  return log;
}

std::optional<int> LineWithHash(const AuditLog& log, const std::string& hash) {
  if (Sha256Hex(log.header.line) == hash) return 1;
  for (const AuditRecord& r : log.records) {
    if (Sha256Hex(r.line) == hash) return r.line_number;
  }
  return std::nullopt;
}

Result<AuditLog> ReadLog(const std::string& path) {
  RW_ASSIGN_OR_RETURN(std::string contents, DiskFileReader().Read(path, kMaxLogBytes));
  return ParseLog(contents, path);
}

}  // namespace runwarden::audit
