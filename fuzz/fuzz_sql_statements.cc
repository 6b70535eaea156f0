// SQL text through the lexer and libpg_query wrappers, checking the range
// invariants that the runbook layer relies on to map errors back to files.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "sql/lexer.h"
#include "sql/parser.h"

namespace {

namespace sql = runwarden::sql;

// A broken invariant is a bug even when nothing crashes yet: stop the
// fuzzer on it so that the input is saved.
void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  size_t previous_end = 0;
  for (const sql::Segment& s : sql::Segments(text)) {
    Check(s.begin >= previous_end);
    Check(s.begin <= s.body_begin && s.body_begin <= s.body_end && s.body_end <= s.end);
    Check(s.end <= text.size());
    previous_end = s.end;
  }
  Check(sql::SkipSpaceAndComments(text, 0) <= text.size());

  for (const sql::TextRange& r : sql::SplitStatements(text)) {
    Check(r.offset <= text.size() && r.length <= text.size() - r.offset);
  }
  for (const sql::StatementParse& p : sql::ParseStatements(text)) {
    Check(p.offset <= text.size() && p.length <= text.size() - p.offset);
    if (p.error) Check(!p.root.present() && p.error->offset <= text.size());
  }
  static_cast<void>(sql::Fingerprint(text));
  return 0;
}
