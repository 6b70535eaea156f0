// Source and binary agree when they name the same fields in the same order
// with the same types, up to what DWARF spells differently: full paths,
// default allocator and hasher arguments, "__0" for tuple fields, and type
// aliases (resolved by the compiler, so absent from DWARF).
#include "contracts/binary_match.h"

#include <algorithm>

#include "contracts/type_mapping.h"

namespace runwarden::contracts {

namespace {

bool IsDefaultArgument(const RustType& t) {
  const std::string_view n = t.Name();
  return n == "Global" || n == "RandomState";
}

void DropDefaults(RustType& t) {
  t.args.erase(std::remove_if(t.args.begin(), t.args.end(), IsDefaultArgument), t.args.end());
  for (RustType& a : t.args) DropDefaults(a);
}

std::string FieldName(const std::string& dwarf_name) {
  if (dwarf_name.starts_with("__") && dwarf_name.size() > 2 &&
      std::all_of(dwarf_name.begin() + 2, dwarf_name.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    return dwarf_name.substr(2);
  }
  return dwarf_name;
}

}  // namespace

std::string ComparableTypeName(const std::string& type_name, const RustCrate* crate) {
  auto parsed = ParseRustType(type_name);
  if (!parsed.ok()) return type_name;
  RustType t = ExpandAliases(*parsed, crate, Expansion::kTypeAliases);
  DropDefaults(t);
  return t.ShortString();
}

std::vector<LayoutDifference> CompareLayouts(const RustStruct& source, const BinaryStruct& binary,
                                             const RustCrate& crate) {
  std::vector<LayoutDifference> out;
  std::vector<std::string> binary_names;
  for (const BinaryField& f : binary.fields) binary_names.push_back(FieldName(f.name));
  std::vector<std::string> common_source_order;
  for (const RustField& f : source.fields) {
    auto it = std::find(binary_names.begin(), binary_names.end(), f.name);
    if (it == binary_names.end()) {
      LayoutDifference d;
      d.kind = LayoutDifference::Kind::kMissingInBinary;
      d.field = f.name;
      d.source_type = ComparableTypeName(f.type_text, &crate);
      d.source_field = &f;
      out.push_back(std::move(d));
      continue;
    }
    common_source_order.push_back(f.name);
    const BinaryField& bf = binary.fields[static_cast<size_t>(it - binary_names.begin())];
    const std::string s = ComparableTypeName(f.type_text, &crate);
    const std::string b = ComparableTypeName(bf.type_name, nullptr);
    if (s != b) {
      LayoutDifference d;
      d.kind = LayoutDifference::Kind::kTypeDiffers;
      d.field = f.name;
      d.source_type = s;
      d.binary_type = b;
      d.source_field = &f;
      out.push_back(std::move(d));
    }
  }
  std::vector<std::string> common_binary_order;
  for (size_t i = 0; i < binary.fields.size(); ++i) {
    const std::string& name = binary_names[i];
    const bool in_source = std::any_of(source.fields.begin(), source.fields.end(),
                                       [&](const RustField& f) { return f.name == name; });
    if (in_source) {
      common_binary_order.push_back(name);
      continue;
    }
    LayoutDifference d;
    d.kind = LayoutDifference::Kind::kMissingInSource;
    d.field = name;
    d.binary_type = ComparableTypeName(binary.fields[i].type_name, nullptr);
    out.push_back(std::move(d));
  }
  if (common_source_order != common_binary_order) {
    LayoutDifference d;
    d.kind = LayoutDifference::Kind::kOrderDiffers;
    for (size_t i = 0; i < common_binary_order.size(); ++i) {
      d.binary_type += (i ? ", " : "") + common_binary_order[i];
    }
    for (size_t i = 0; i < common_source_order.size(); ++i) {
      d.source_type += (i ? ", " : "") + common_source_order[i];
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace runwarden::contracts
