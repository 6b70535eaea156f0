// The one file that includes toml++. toml++ reports syntax errors by
// throwing toml::parse_error; it is caught here and turned into a Status
// with the line and column.
#include "config/config.h"

#include <toml++/toml.h>

#include <filesystem>
#include <set>

namespace runwarden::config {

namespace {

class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  SourceSpan SpanOf(const toml::source_region& r) const {
    SourceSpan s;
    s.path = path_;
    s.begin.line = r.begin.line;
    s.begin.column = r.begin.column;
    s.end = s.begin;
    return s;
  }
  SourceSpan SpanOf(const toml::node& n) const { return SpanOf(n.source()); }

  Status Error(const toml::node& n, std::string message, std::string hint = {}) const {
    Status s = InvalidInput(path_ + ": " + std::move(message)).At(SpanOf(n));
    if (!hint.empty()) s.WithHint(std::move(hint));
    return s;
  }

  Result<std::string> String(const toml::node& n, std::string_view what) const {
    if (auto v = n.value<std::string>()) return *v;
    return Error(n, std::string(what) + " must be a string");
  }

  Result<std::vector<std::string>> Strings(const toml::node& n, std::string_view what) const {
    const toml::array* arr = n.as_array();
    if (!arr) return Error(n, std::string(what) + " must be an array of strings");
    std::vector<std::string> out;
    for (const toml::node& item : *arr) {
      RW_ASSIGN_OR_RETURN(std::string s, String(item, what));
      out.push_back(std::move(s));
    }
    return out;
  }

  Status Tenant(const toml::table& t, Config& c) const {
    for (const auto& [key, node] : t) {
      const std::string_view k = key.str();
      if (k == "keys") {
        RW_ASSIGN_OR_RETURN(c.tenant.keys, Strings(node, "tenant.keys"));
      } else if (k == "secondary_keys") {
        RW_ASSIGN_OR_RETURN(c.tenant.secondary_keys, Strings(node, "tenant.secondary_keys"));
      } else if (k == "roots") {
        RW_ASSIGN_OR_RETURN(c.tenant.roots, Strings(node, "tenant.roots"));
      } else if (k == "global") {
        RW_ASSIGN_OR_RETURN(c.tenant.global_tables, Strings(node, "tenant.global"));
      } else if (k == "setting") {
        RW_ASSIGN_OR_RETURN(c.tenant.setting, String(node, "tenant.setting"));
      } else {
        return Error(node, "unknown key tenant." + std::string(k),
                     "known keys: keys, secondary_keys, roots, global, setting");
      }
    }
    return Status::Ok();
  }

  Status Rules(const toml::table& t, Config& c) const {
    static const std::set<std::string> kLevels = {"error", "warning", "info", "off"};
    for (const auto& [key, node] : t) {
      RW_ASSIGN_OR_RETURN(std::string level, String(node, "a rule severity"));
      if (!kLevels.count(level)) {
        return Error(
            node, "severity of " + std::string(key.str()) + " must be error, warning, info or off");
      }
      c.severities[std::string(key.str())] = level;
    }
    return Status::Ok();
  }

  Status Ignores(const toml::node& n, Config& c) const {
    const toml::array* arr = n.as_array();
    if (!arr) return Error(n, "ignore must be an array of tables: [[ignore]]");
    for (const toml::node& item : *arr) {
      const toml::table* t = item.as_table();
      if (!t) return Error(item, "each [[ignore]] must be a table");
      Ignore ig;
      ig.span = SpanOf(item);
      for (const auto& [key, node] : *t) {
        const std::string_view k = key.str();
        std::string* field = k == "rule"     ? &ig.rule
                             : k == "table"  ? &ig.table
                             : k == "path"   ? &ig.path
                             : k == "reason" ? &ig.reason
                                             : nullptr;
        if (!field)
          return Error(node, "unknown key ignore." + std::string(k),
                       "known keys: rule, table, path, reason");
        RW_ASSIGN_OR_RETURN(*field, String(node, "ignore." + std::string(k)));
      }
      if (ig.rule.empty()) return Error(item, "an [[ignore]] needs the rule it ignores");
      if (ig.reason.empty()) {
        return Error(
            item, "the [[ignore]] of " + ig.rule + " has no reason",
            "say why the finding is accepted: reason = \"...\"; the reason goes into reports");
      }
      c.ignores.push_back(std::move(ig));
    }
    return Status::Ok();
  }

  Status Contracts(const toml::table& t, Config& c) const {
    for (const auto& [key, node] : t) {
      if (key.str() != "tables") {
        return Error(node, "unknown key contracts." + std::string(key.str()), "known keys: tables");
      }
      const toml::table* tables = node.as_table();
      if (!tables) {
        return Error(node, "contracts.tables must be a table of struct = \"table\"",
                     "for example: [contracts.tables] InvoiceRow = \"billing.invoices\"");
      }
      for (const auto& [name, table] : *tables) {
        ContractTable ct;
        ct.contract = std::string(name.str());
        RW_ASSIGN_OR_RETURN(ct.table, String(table, "contracts.tables." + ct.contract));
        if (ct.table.empty()) return Error(table, "contracts.tables." + ct.contract + " is empty");
        ct.span = SpanOf(table);
        c.contract_tables.push_back(std::move(ct));
      }
    }
    return Status::Ok();
  }

  Result<Config> Read(const std::string& text) const {
    Config c;
    c.path = path_;
    toml::table root;
    try {
      root = toml::parse(text, path_);
    } catch (const toml::parse_error& e) {
      return InvalidInput(path_ + ": not valid TOML: " + std::string(e.description()))
          .At(SpanOf(e.source()))
          .WithHint("fix the TOML syntax at that position");
    }
    for (const auto& [key, node] : root) {
      const std::string_view k = key.str();
      if (k == "tenant") {
        if (!node.is_table()) return Error(node, "tenant must be a table: [tenant]");
        RW_TRY(Tenant(*node.as_table(), c));
      } else if (k == "rules") {
        if (!node.is_table()) return Error(node, "rules must be a table: [rules]");
        RW_TRY(Rules(*node.as_table(), c));
      } else if (k == "ignore") {
        RW_TRY(Ignores(node, c));
      } else if (k == "contracts") {
        if (!node.is_table()) return Error(node, "contracts must be a table: [contracts]");
        RW_TRY(Contracts(*node.as_table(), c));
      } else {
        return Error(node, "unknown section " + std::string(k),
                     "known sections: [tenant], [rules], [[ignore]], [contracts]");
      }
    }
    return c;
  }

 private:
  std::string path_;
};

}  // namespace

Result<Config> ParseConfig(const std::string& text, const std::string& path) {
  return Reader(path).Read(text);
}

Result<Config> LoadConfig(const std::string& explicit_path, const FileReader& reader) {
  std::string path = explicit_path;
  if (path.empty()) {
    std::error_code ec;
    if (!std::filesystem::exists(kConfigFileName, ec)) return Config{};
    path = kConfigFileName;
  }
  RW_ASSIGN_OR_RETURN(std::string text, reader.Read(path, 1u << 20));
  return ParseConfig(text, path);
}

}  // namespace runwarden::config
