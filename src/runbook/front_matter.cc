// The one file that includes yaml-cpp. yaml-cpp reports problems by throwing;
// every exception is caught here and turned into a Status with the location
// in the runbook file (yaml-cpp marks are 0-based and relative to the front
// matter, which starts on the file's second line).
#include "runbook/front_matter.h"

#include <yaml-cpp/yaml.h>

#include <regex>
#include <set>

#include "base/text.h"

namespace runwarden::runbook {

namespace {

class Reader {
 public:
  Reader(std::string_view yaml, size_t file_offset, const SourceText& source)
      : yaml_(yaml), file_offset_(file_offset), source_(source), yaml_index_(yaml) {}

  SourceSpan SpanOf(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.line < 0) return source_.Span(file_offset_, file_offset_);
    const auto line = static_cast<uint32_t>(mark.line + 1);
    if (line > yaml_index_.line_count()) return source_.Span(file_offset_, file_offset_);
    const size_t line_start = yaml_index_.LineStart(line);
    const std::string_view text = yaml_index_.Line(line);
    const size_t col = ByteOffsetOfCodePoint(text, static_cast<size_t>(std::max(0, mark.column)));
    const size_t at = file_offset_ + line_start + col;
    return source_.Span(at, at);
  }
  SourceSpan SpanOf(const YAML::Node& node) const { return SpanOf(node.Mark()); }

  Status Error(const YAML::Node& node, std::string message, std::string hint = {}) const {
    Status s = InvalidInput(std::move(message)).At(SpanOf(node));
    if (!hint.empty()) s.WithHint(std::move(hint));
    return s;
  }

  Result<std::string> Scalar(const YAML::Node& node, std::string_view what) const {
    if (!node.IsScalar()) {
      return Error(node, "front matter: " + std::string(what) + " must be a single value");
    }
    return node.Scalar();
  }

  Result<bool> Bool(const YAML::Node& node, std::string_view what) const {
    RW_ASSIGN_OR_RETURN(std::string v, Scalar(node, what));
    const std::string lower = AsciiLower(v);
    if (lower == "true" || lower == "yes" || lower == "on") return true;
    if (lower == "false" || lower == "no" || lower == "off") return false;
    return Error(node,
                 "front matter: " + std::string(what) + " must be true or false, not '" + v + "'");
  }

  Result<std::vector<std::string>> StringList(const YAML::Node& node, std::string_view what) const {
    std::vector<std::string> out;
    if (node.IsScalar()) {
      out.push_back(node.Scalar());
      return out;
    }
    if (!node.IsSequence()) {
      return Error(node, "front matter: " + std::string(what) + " must be a list");
    }
    for (const auto& item : node) {
      RW_ASSIGN_OR_RETURN(std::string v, Scalar(item, what));
      out.push_back(std::move(v));
    }
    return out;
  }

  void Unknown(const YAML::Node& key, const std::string& where, FrontMatter& fm) const {
    fm.problems.push_back(FrontMatterProblem{
        key.Scalar(), "unknown front matter key '" + key.Scalar() + "'" + where, SpanOf(key)});
  }

  Result<Parameter> ReadParameter(const std::string& name, const YAML::Node& name_node,
                                  const YAML::Node& spec, FrontMatter& fm) const {
    Parameter p;
    p.name = name;
    p.span = SpanOf(name_node);
    if (!IsParameterName(name)) {
      return Error(name_node, "front matter: parameter name '" + name + "' is not a valid name",
                   "use letters, digits and _, starting with a letter: TENANT_ID");
    }
    YAML::Node type_node;
    if (spec.IsScalar() || spec.IsNull()) {
      type_node = spec;  // shorthand: TENANT_ID: uuid
    } else if (spec.IsMap()) {
      for (const auto& kv : spec) {
        const std::string key = kv.first.Scalar();
        const YAML::Node& v = kv.second;
        if (key == "type") {
          type_node = v;
        } else if (key == "required") {
          RW_ASSIGN_OR_RETURN(p.required, Bool(v, "required"));
        } else if (key == "default") {
          RW_ASSIGN_OR_RETURN(std::string d, Scalar(v, "default"));
          p.default_value = std::move(d);
        } else if (key == "pattern") {
          RW_ASSIGN_OR_RETURN(std::string pat, Scalar(v, "pattern"));
          try {
            std::regex re(pat, std::regex::ECMAScript);
          } catch (const std::regex_error&) {
            return Error(
                v,
                "front matter: parameter " + name + ": pattern is not a valid regular expression",
                "write an ECMAScript regular expression, e.g. ^[a-z0-9-]+$");
          }
          p.pattern = std::move(pat);
        } else if (key == "secret") {
          RW_ASSIGN_OR_RETURN(p.secret, Bool(v, "secret"));
        } else if (key == "description") {
          RW_ASSIGN_OR_RETURN(p.description, Scalar(v, "description"));
        } else if (key == "values") {
          RW_ASSIGN_OR_RETURN(p.enum_values, StringList(v, "values"));
        } else if (key == "name") {
          // Already used as the parameter's name (list form).
        } else {
          Unknown(kv.first, " in parameter " + name, fm);
        }
      }
    } else {
      return Error(spec, "front matter: parameter " + name + " must be a type or a map of settings",
                   "write  " + name + ": {type: uuid, required: true}");
    }
    if (type_node && !type_node.IsNull()) {
      RW_ASSIGN_OR_RETURN(std::string t, Scalar(type_node, "type"));
      auto type = ParseParamType(t);
      if (!type) {
        return Error(type_node, "front matter: parameter " + name + " has unknown type '" + t + "'",
                     "use one of: " + ParamTypeList());
      }
      p.type = *type;
    }
    if (p.type == ParamType::kEnum && p.enum_values.empty()) {
      return Error(spec, "front matter: parameter " + name + " is an enum without values",
                   "list the allowed values: values: [aws, gcp]");
    }
    if (p.type != ParamType::kEnum && !p.enum_values.empty()) {
      return Error(spec, "front matter: parameter " + name + " has values but is not an enum",
                   "add type: enum, or remove values");
    }
    if (p.default_value) {
      p.required = false;
      Status s = ValidateValue(p, *p.default_value);
      if (!s.ok()) return Error(spec, "front matter: default of " + s.message());
    }
    return p;
  }

  static bool IsParameterName(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!alpha(name[0])) return false;
    for (char c : name) {
      if (!alpha(c) && !(c >= '0' && c <= '9') && c != '_') return false;
    }
    return true;
  }

  Status ReadParameters(const YAML::Node& node, FrontMatter& fm) const {
    std::set<std::string> seen;
    auto add = [&](Parameter p, const YAML::Node& at) -> Status {
      if (!seen.insert(AsciiLower(p.name)).second) {
        return Error(at, "front matter: parameter " + p.name + " is declared twice");
      }
      fm.parameters.push_back(std::move(p));
      return Status::Ok();
    };
    if (node.IsNull()) return Status::Ok();
    if (node.IsMap()) {
      for (const auto& kv : node) {
        RW_ASSIGN_OR_RETURN(Parameter p, ReadParameter(kv.first.Scalar(), kv.first, kv.second, fm));
        RW_TRY(add(std::move(p), kv.first));
      }
      return Status::Ok();
    }
    if (node.IsSequence()) {
      for (const auto& item : node) {
        if (!item.IsMap() || !item["name"]) {
          return Error(item, "front matter: each parameter in the list needs a name",
                       "write  - {name: TENANT_ID, type: uuid}");
        }
        RW_ASSIGN_OR_RETURN(std::string name, Scalar(item["name"], "name"));
        RW_ASSIGN_OR_RETURN(Parameter p, ReadParameter(name, item["name"], item, fm));
        RW_TRY(add(std::move(p), item));
      }
      return Status::Ok();
    }
    return Error(node, "front matter: parameters must be a map of name to settings");
  }

  Status ReadTenant(const YAML::Node& node, FrontMatter& fm) const {
    if (!node.IsMap())
      return Error(node, "front matter: tenant must be a map (keys, setting, parameter)");
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      if (key == "keys" || key == "key") {
        RW_ASSIGN_OR_RETURN(fm.tenant.key_columns, StringList(kv.second, "tenant keys"));
        if (fm.tenant.key_columns.empty())
          return Error(kv.second, "front matter: tenant keys is empty");
      } else if (key == "setting") {
        RW_ASSIGN_OR_RETURN(fm.tenant.context_setting, Scalar(kv.second, "tenant setting"));
        if (fm.tenant.context_setting.find('.') == std::string::npos) {
          return Error(
              kv.second,
              "front matter: tenant setting '" + fm.tenant.context_setting + "' needs a prefix",
              "custom settings are written prefix.name, e.g. app.current_tenant_id");
        }
      } else if (key == "parameter") {
        RW_ASSIGN_OR_RETURN(fm.tenant.parameter, Scalar(kv.second, "tenant parameter"));
      } else {
        Unknown(kv.first, " in tenant", fm);
      }
    }
    return Status::Ok();
  }

  Result<std::string> Severity(const YAML::Node& node) const {
    RW_ASSIGN_OR_RETURN(std::string v, Scalar(node, "severity"));
    static const std::regex re("^sev[- ]?([0-9])$", std::regex::icase);
    std::smatch m;
    if (std::regex_match(v, m, re)) return "SEV-" + m[1].str();
    return Error(node, "front matter: unknown severity '" + v + "'",
                 "use SEV-1, SEV-2, SEV-3, ...");
  }

  Result<FrontMatter> Read() const {
    FrontMatter fm;
    YAML::Node root = YAML::Load(std::string(yaml_));
    if (root.IsNull()) return fm;
    if (!root.IsMap()) return Error(root, "front matter must be a map of keys to values");
    for (const auto& kv : root) {
      const std::string key = kv.first.Scalar();
      const YAML::Node& v = kv.second;
      if (key == "id") {
        RW_ASSIGN_OR_RETURN(fm.meta.id, Scalar(v, "id"));
      } else if (key == "title") {
        RW_ASSIGN_OR_RETURN(fm.meta.title, Scalar(v, "title"));
      } else if (key == "version") {
        RW_ASSIGN_OR_RETURN(fm.meta.version, Scalar(v, "version"));
      } else if (key == "severity") {
        RW_ASSIGN_OR_RETURN(fm.meta.severity, Severity(v));
      } else if (key == "owner") {
        RW_ASSIGN_OR_RETURN(fm.meta.owner, Scalar(v, "owner"));
      } else if (key == "validated_schema") {
        RW_ASSIGN_OR_RETURN(fm.meta.validated_schema, Scalar(v, "validated_schema"));
        fm.meta.validated_schema_span = SpanOf(v);
      } else if (key == "tenant") {
        RW_TRY(ReadTenant(v, fm));
      } else if (key == "parameters" || key == "params") {
        RW_TRY(ReadParameters(v, fm));
      } else {
        Unknown(kv.first, "", fm);
      }
    }
    return fm;
  }

 private:
  std::string_view yaml_;
  size_t file_offset_;
  const SourceText& source_;
  LineIndex yaml_index_;
};

}  // namespace

Result<FrontMatter> ParseFrontMatter(std::string_view yaml, size_t file_offset,
                                     const SourceText& source) {
  Reader reader(yaml, file_offset, source);
  try {
    return reader.Read();
  } catch (const YAML::Exception& e) {
    return InvalidInput("front matter is not valid YAML: " + e.msg)
        .At(reader.SpanOf(e.mark))
        .WithHint("fix the YAML between the --- lines at the top of the file");
  } catch (const std::exception& e) {
    return InvalidInput(std::string("front matter could not be read: ") + e.what())
        .At(reader.SpanOf(YAML::Mark::null_mark()))
        .WithHint("fix the YAML between the --- lines at the top of the file");
  }
}

}  // namespace runwarden::runbook
