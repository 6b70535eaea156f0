// The runbook parser: checks the bytes, reads the front matter, walks the
// Markdown blocks, and turns code blocks and checklist items into steps.
//
// Sections: a heading opens a section that runs to the next heading of any
// level. List items (of top-level lists) become manual steps only in a
// section that has no SQL or shell step, so that lists explaining a command
// are not mistaken for a checklist.
#include "runbook/parser.h"

#include "base/sha256.h"
#include "base/text.h"
#include "runbook/attributes.h"
#include "runbook/front_matter.h"
#include "runbook/markdown.h"
#include "runbook/parameter_table.h"
#include "runbook/placeholders.h"
#include "runbook/shell_step.h"
#include "runbook/sql_step.h"
#include "runbook/step_ids.h"

namespace runwarden::runbook {

namespace {

enum class BlockRole { kSql, kShell, kReference };

struct Lang {
  BlockRole role;
  Dialect dialect;
};

Lang ClassifyLanguage(std::string_view language) {
  if (language == "sql" || language == "postgresql" || language == "postgres" ||
      language == "pgsql" || language == "psql") {
    return {BlockRole::kSql, Dialect::kPostgres};
  }
  if (language == "sqlite" || language == "sqlite3") return {BlockRole::kSql, Dialect::kSqlite};
  if (language == "bash" || language == "sh" || language == "shell") {
    return {BlockRole::kShell, Dialect::kPostgres};
  }
  return {BlockRole::kReference, Dialect::kPostgres};
}

Status CheckBytes(const SourceText& src, size_t max_bytes) {
  const std::string& text = src.text();
  if (text.size() > max_bytes) {
    return InvalidInput("runbook is " + FormatBytes(text.size()) + ", larger than the limit of " +
                        FormatBytes(max_bytes))
        .At(src.Span(0, 0))
        .WithHint("split it into several runbooks");
  }
  if (Trim(text).empty()) {
    return InvalidInput("runbook is empty")
        .At(src.Span(0, 0))
        .WithHint(
            "write at least a heading and one step (a ```sql or ```bash block, or a checklist)");
  }
  if (const size_t nul = text.find('\0'); nul != std::string::npos) {
    return InvalidInput("file looks binary: it contains a NUL byte")
        .At(src.Span(nul, nul))
        .WithHint("pass the Markdown runbook, not a compiled or compressed file");
  }
  if (auto bad = FindInvalidUtf8(text)) {
    return InvalidInput("file is not valid UTF-8")
        .At(src.Span(*bad, *bad))
        .WithHint("save the runbook as UTF-8");
  }
  return Status::Ok();
}

// The front matter lines: [content_begin, content_end) of the YAML and the
// offset just past the closing line. nullopt when the file has none.
struct FrontMatterBlock {
  size_t content_begin;
  size_t content_end;
  size_t block_end;
};

Result<std::optional<FrontMatterBlock>> FindFrontMatter(const SourceText& src) {
  const LineIndex& idx = src.index();
  const std::string_view first = idx.Line(1);
  if (Trim(first) != "---" || !first.starts_with("---")) return std::optional<FrontMatterBlock>();
  for (uint32_t line = 2; line <= idx.line_count(); ++line) {
    const std::string_view text = idx.Line(line);
    if (text == "---" || text == "..." || Trim(text) == "---") {
      const size_t next = line < idx.line_count() ? idx.LineStart(line + 1) : src.text().size();
      return std::optional<FrontMatterBlock>(
          FrontMatterBlock{idx.LineStart(2), idx.LineStart(line), next});
    }
  }
  return InvalidInput("front matter opened on line 1 is never closed")
      .At(src.Span(0, 3))
      .WithHint("end the front matter with a line of three dashes: ---");
}

// Where the info string of the fence opening at `begin` starts in the file.
size_t InfoOffset(const std::string& text, size_t begin) {
  size_t i = begin;
  while (i < text.size() && text[i] == ' ') ++i;
  const char fence = i < text.size() ? text[i] : '`';
  while (i < text.size() && text[i] == fence) ++i;
  return i;
}

std::string_view RawInfo(const std::string& text, size_t info_begin) {
  size_t end = text.find('\n', info_begin);
  if (end == std::string::npos) end = text.size();
  if (end > info_begin && text[end - 1] == '\r') --end;
  return std::string_view(text).substr(info_begin, end - info_begin);
}

class RunbookBuilder {
 public:
  RunbookBuilder(std::shared_ptr<const SourceText> source, Runbook& rb, ParameterTable& params)
      : src_(std::move(source)), rb_(rb), params_(params) {}

  void Build(const std::vector<MarkdownBlock>& blocks) {
    // Which sections have SQL or shell steps: list items there are not steps.
    std::vector<int> section_of(blocks.size(), 0);
    std::vector<bool> section_has_code(1, false);
    for (size_t i = 0; i < blocks.size(); ++i) {
      const MarkdownBlock& b = blocks[i];
      if (b.kind == MarkdownBlock::Kind::kHeading) section_has_code.push_back(false);
      section_of[i] = static_cast<int>(section_has_code.size()) - 1;
      if (b.kind == MarkdownBlock::Kind::kFencedCode) {
        const std::string lang = AsciiLower(b.info.substr(0, b.info.find_first_of(" \t{")));
        if (ClassifyLanguage(lang).role != BlockRole::kReference) {
          section_has_code.back() = true;
        }
      }
    }
    std::vector<std::pair<int, std::string>> headings;  // (level, text)
    for (size_t i = 0; i < blocks.size(); ++i) {
      const MarkdownBlock& b = blocks[i];
      switch (b.kind) {
        case MarkdownBlock::Kind::kHeading:
          while (!headings.empty() && headings.back().first >= b.heading_level) headings.pop_back();
          headings.emplace_back(b.heading_level, std::string(Trim(b.text)));
          path_.clear();
          for (const auto& h : headings) path_.push_back(h.second);
          break;
        case MarkdownBlock::Kind::kFencedCode:
          AddCodeStep(b);
          break;
        case MarkdownBlock::Kind::kIndentedCode:
          rb_.references.push_back(ReferenceBlock{"", path_, src_->Span(b.begin, b.end)});
          break;
        case MarkdownBlock::Kind::kListItem:
          if (b.list_depth == 0 && !section_has_code[static_cast<size_t>(section_of[i])]) {
            AddManualStep(b);
          }
          break;
      }
    }
  }

 private:
  void AddCodeStep(const MarkdownBlock& b) {
    const size_t info_begin = InfoOffset(src_->text(), b.begin);
    InfoString info = ParseInfoString(RawInfo(src_->text(), info_begin), info_begin, *src_);
    const Lang lang = ClassifyLanguage(info.language);
    if (lang.role == BlockRole::kReference) {
      rb_.references.push_back(ReferenceBlock{info.language, path_, src_->Span(b.begin, b.end)});
      return;
    }
    Step step;
    step.kind = lang.role == BlockRole::kSql ? StepKind::kSql : StepKind::kShell;
    step.dialect = lang.dialect;
    step.language = info.language;
    step.section_path = path_;
    step.span = src_->Span(b.begin, b.end);
    step.body = b.content;
    step.attrs = std::move(info.attrs);
    if (step.attrs.id) {
      step.id = step.attrs.id->id;
      step.id_origin = IdOrigin::kExplicit;
    }
    if (step.kind == StepKind::kSql) {
      BuildSqlStep(b, src_, params_, step);
    } else {
      BuildShellStep(b, src_, params_, step);
    }
    rb_.steps.push_back(std::move(step));
  }

  void AddManualStep(const MarkdownBlock& b) {
    Step step;
    step.kind = StepKind::kManual;
    step.section_path = path_;
    step.span = src_->Span(b.begin, b.end);
    step.body = b.text;
    // Placeholders in the text, located line by line.
    size_t line_begin = 0;
    for (size_t k = 0; k < b.text_line_offsets.size(); ++k) {
      size_t line_end = b.text.find('\n', line_begin);
      if (line_end == std::string::npos) line_end = b.text.size();
      const std::string_view line(b.text.data() + line_begin, line_end - line_begin);
      for (const PlaceholderMatch& m : FindPlaceholders(line)) {
        Placeholder p;
        p.written = m.name;
        p.syntax = m.syntax;
        p.context = PlaceholderContext::kText;
        p.span = src_->Span(b.text_line_offsets[k] + m.begin, b.text_line_offsets[k] + m.end);
        p.parameter = params_.Resolve(m.name, p.span);
        step.placeholders.push_back(std::move(p));
      }
      line_begin = line_end + 1;
    }
    rb_.steps.push_back(std::move(step));
  }

  std::shared_ptr<const SourceText> src_;
  Runbook& rb_;
  ParameterTable& params_;
  std::vector<std::string> path_;
};

}  // namespace

Result<Runbook> ParseRunbook(std::string text, std::string path, const ParseOptions& options) {
  Runbook rb;
  rb.path = path;
  rb.digest = Sha256Hex(text);
  auto source = std::make_shared<SourceText>(std::move(path), std::move(text));
  rb.source = source;
  RW_TRY(CheckBytes(*source, options.max_bytes));

  RW_ASSIGN_OR_RETURN(std::optional<FrontMatterBlock> fm_block, FindFrontMatter(*source));
  std::vector<Parameter> declared;
  std::shared_ptr<const SourceText> markdown = source;
  if (fm_block) {
    rb.has_front_matter = true;
    const std::string_view yaml =
        std::string_view(source->text())
            .substr(fm_block->content_begin, fm_block->content_end - fm_block->content_begin);
    RW_ASSIGN_OR_RETURN(FrontMatter fm, ParseFrontMatter(yaml, fm_block->content_begin, *source));
    rb.meta = std::move(fm.meta);
    rb.tenant = std::move(fm.tenant);
    rb.front_matter_problems = std::move(fm.problems);
    declared = std::move(fm.parameters);
    // cmark must not see the front matter; blank it out (keeping line
    // breaks, so lines and offsets stay those of the file).
    std::string blanked = source->text();
    for (size_t i = 0; i < fm_block->block_end; ++i) {
      if (blanked[i] != '\n') blanked[i] = ' ';
    }
    markdown = std::make_shared<SourceText>(source->path(), std::move(blanked));
  }

  RW_ASSIGN_OR_RETURN(std::vector<MarkdownBlock> blocks, ReadMarkdown(*markdown));
  ParameterTable params(std::move(declared));
  RunbookBuilder(source, rb, params).Build(blocks);
  AssignStepIds(rb.steps);
  rb.parameters = params.Take();
  return rb;
}

Result<Runbook> LoadRunbook(const FileReader& reader, const std::string& path,
                            const ParseOptions& options) {
  RW_ASSIGN_OR_RETURN(std::string text, reader.Read(path, options.max_bytes));
  return ParseRunbook(std::move(text), path, options);
}

}  // namespace runwarden::runbook
