#ifndef RUNWARDEN_RUNBOOK_RUNBOOK_H_
#define RUNWARDEN_RUNBOOK_RUNBOOK_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/source_span.h"
#include "runbook/expectation.h"
#include "runbook/parameter.h"
#include "runbook/source_map.h"
#include "sql/tree.h"

namespace runwarden::runbook {

/// Metadata from the front matter. Empty strings when not given.
struct Metadata {
  std::string id;
  std::string title;
  std::string version;
  std::string severity;  ///< normalised to "SEV-<n>" when given
  std::string owner;
  /// The schema fingerprint the runbook was last reviewed against
  /// (`validated_schema`), "" when not recorded; where it is written.
  std::string validated_schema;
  SourceSpan validated_schema_span;
};

/// How tenants are identified in the target's schema and at run time.
struct TenantSettings {
  /// Column names that hold the tenant key.
  std::vector<std::string> key_columns = {"tenant_id", "org_id"};
  /// The setting that carries the tenant in a transaction (for RLS policies).
  std::string context_setting = "app.current_tenant_id";
  /// The parameter that holds the run's tenant; empty means "the parameter
  /// named tenant_id, in any case, if there is one".
  std::string parameter;
};

enum class StepKind { kSql, kShell, kManual };
enum class Dialect { kPostgres, kSqlite };
/// What rows a step may touch: one tenant's (the default), anything for
/// administration (catalogs, sessions), or tenant-independent data.
enum class Scope { kTenant, kAdmin, kGlobal };
enum class IdOrigin { kExplicit, kDerived };

/// A problem with a step's attribute block, kept as data so that rules can
/// report it (the parser never fails on attributes).
struct AttributeProblem {
  enum class Kind { kUnknownKey, kInvalidValue, kSyntax };
  Kind kind;
  std::string key;
  std::string message;
  SourceSpan span;
};

/// A reference from a step to another step by id (needs=, rollback=).
struct StepRef {
  std::string id;
  SourceSpan span;
};

/// Attributes from a fence's info string: ```sql {#id needs=a,b ...}.
struct StepAttributes {
  std::optional<StepRef> id;
  std::vector<StepRef> needs;
  Scope scope = Scope::kTenant;
  bool scope_given = false;
  std::string atomic_group;
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<std::chrono::milliseconds> lock_timeout;
  std::optional<Expectation> expect;
  bool confirm = false;
  std::optional<StepRef> rollback;
  bool irreversible = false;
  std::vector<AttributeProblem> problems;
};

enum class PlaceholderSyntax { kAngle, kMustache };  ///< <NAME> or {{ name }}
/// Where a placeholder sits, which decides how its value reaches the target.
enum class PlaceholderContext {
  kSqlExpression,        ///< bound as $n
  kSqlStringLiteral,     ///< inside '...': the literal is split around a bind
  kSqlDollarQuoted,      ///< inside $$...$$: cannot be bound (reported)
  kSqlQuotedIdentifier,  ///< inside "...": cannot be bound (reported)
  kSqlIdentifier,        ///< a parameter of type identifier in name position
  kSqlComment,           ///< inside a comment: ignored
  kShell,                ///< an environment variable reference
  kShellComment,         ///< inside a shell comment: ignored
  kShellQuotedHeredoc,   ///< inside <<'EOF' ... EOF: cannot be expanded (reported)
  kText,                 ///< in a manual step's text: shown to the operator
};

/// One occurrence of a placeholder in a step.
struct Placeholder {
  std::string written;    ///< the name as written: TENANT_ID
  std::string parameter;  ///< the parameter it maps to (declared or inferred)
  PlaceholderSyntax syntax = PlaceholderSyntax::kAngle;
  PlaceholderContext context = PlaceholderContext::kSqlExpression;
  SourceSpan span;  ///< in the Markdown file
  /// For SQL: the statement it belongs to (index into Step::statements) and,
  /// for expressions and split literals, the bind parameter number $n.
  int statement = -1;
  int bind_index = 0;
};

/// A string literal that contained placeholders and is executed as a
/// concatenation of literal pieces and bind parameters.
struct SplitLiteral {
  std::string original;     ///< the literal as written, quotes included
  std::string replacement;  ///< ('prefix' || $1 || 'suffix')
  /// The literal is the pattern of LIKE / ILIKE: values bound into it must
  /// have % and _ escaped so that they match literally.
  bool like_pattern = false;
  SourceSpan span;
};

/// A SQL syntax error at a location in the Markdown file.
/// The most bind parameters one statement can have: PostgreSQL's protocol
/// counts them in 16 bits.
inline constexpr int kMaxBindParameters = 65535;

struct SqlSyntaxError {
  std::string message;
  SourceSpan span;
};

/// One SQL statement of a step.
struct Statement {
  /// The statement as written in the runbook (placeholders included).
  std::string text;
  /// What is executed: placeholders replaced by $1..$n, numbered per
  /// statement; no parameter value ever appears in it.
  std::string bound_text;
  /// Parameter name of each bind: bind_params[0] is $1.
  std::vector<std::string> bind_params;
  /// Binds that sit in a LIKE pattern (escape % and _ in their values).
  std::vector<bool> bind_like_pattern;
  std::vector<SplitLiteral> split_literals;
  /// Placeholders of type identifier: bound_text holds a quoted marker at
  /// [begin, end) that is replaced by the value quoted as an identifier by
  /// the database's own quoting function when the statement runs.
  struct IdentifierSlot {
    std::string parameter;
    size_t begin;
    size_t end;
  };
  std::vector<IdentifierSlot> identifier_slots;
  /// Positional parameters ($1) written in the runbook itself; they have no
  /// name to bind a value to.
  std::vector<SourceSpan> unnamed_parameters;
  SourceSpan span;
  /// The parse tree of bound_text; missing when it did not parse.
  sql::Node tree;
  std::shared_ptr<const sql::Tree> tree_owner;
  std::optional<SqlSyntaxError> syntax_error;
  /// Set when the statement parses as written but not once a placeholder in
  /// a string literal is bound, because PostgreSQL takes no parameter there
  /// (SET app.x = '<TENANT_ID>'). The tree is then that of the statement as
  /// written, and the statement cannot be executed.
  std::optional<SqlSyntaxError> bind_error;
  /// Maps offsets in bound_text back to the Markdown file. A node
  /// `location` L of `tree` is at bound_text offset L + location_offset.
  std::shared_ptr<const StatementMap> map;
  int64_t location_offset = 0;

  /// The Markdown position of a parse-tree `location`.
  SourceSpan SpanAt(int64_t location) const;
};

/// A shell step's script after placeholders became environment variables.
struct ShellScript {
  std::string script;  ///< what runs: "${RUNWARDEN_PARAM_X}" references only
  /// Environment variables the script reads, with their parameter names.
  struct EnvVar {
    std::string name;
    std::string parameter;
  };
  std::vector<EnvVar> env;
};

/// One executable or confirmable unit of a runbook.
struct Step {
  std::string id;
  IdOrigin id_origin = IdOrigin::kDerived;
  StepKind kind = StepKind::kManual;
  /// Headings above the step, outermost first ("Containment", "Database
  /// Session Cutoff").
  std::vector<std::string> section_path;
  /// The whole block (fence to closing fence) or list item.
  SourceSpan span;
  /// The fence's language word ("sql", "bash"); empty for manual steps.
  std::string language;
  Dialect dialect = Dialect::kPostgres;
  StepAttributes attrs;
  /// The code as written (SQL and shell), or the item's text (manual).
  std::string body;
  std::vector<Statement> statements;  ///< SQL steps
  ShellScript shell;                  ///< shell steps
  std::vector<Placeholder> placeholders;

  /// "Containment > Database Session Cutoff".
  std::string SectionTitle() const;
};

/// A fenced block in a language runwarden does not execute (yaml, text,
/// python...), kept so that reports can show it was seen.
struct ReferenceBlock {
  std::string language;
  std::vector<std::string> section_path;
  SourceSpan span;
};

/// A problem in the front matter that does not stop parsing.
struct FrontMatterProblem {
  std::string key;
  std::string message;
  SourceSpan span;
};

/// A parsed incident runbook: the model every later stage works on.
struct Runbook {
  std::string path;    ///< display name given to the parser
  std::string digest;  ///< SHA-256 of the file's bytes
  bool has_front_matter = false;
  Metadata meta;
  TenantSettings tenant;
  std::vector<Parameter> parameters;  ///< declared, then inferred ones
  std::vector<FrontMatterProblem> front_matter_problems;
  std::vector<Step> steps;  ///< in document order
  /// The file's text, for snippets and late position lookups.
  std::shared_ptr<const SourceText> source;
  std::vector<ReferenceBlock> references;

  /// The parameter named `name` (case-insensitive), or nullptr.
  const Parameter* FindParameter(std::string_view name) const;
  /// The parameter that holds the run's tenant, or nullptr.
  const Parameter* TenantParameter() const;
  /// The first step with id `id`, or nullptr.
  const Step* FindStep(std::string_view id) const;
};

std::string_view StepKindName(StepKind kind);
std::string_view ScopeName(Scope scope);
std::string_view PlaceholderContextName(PlaceholderContext context);

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_RUNBOOK_H_
