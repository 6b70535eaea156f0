// The only file that sees libdw and libelf.
//
// rustc describes a struct as DW_TAG_structure_type nested in
// DW_TAG_namespace DIEs (crate, then modules), with one DW_TAG_member per
// field in declaration order (DW_AT_data_member_location gives the reordered
// layout). Option<T> is a structure named "Option<T>" inside namespace
// core::option; generic arguments in names are fully qualified
// ("Vec<alloc::string::String, alloc::alloc::Global>"). Arrays are unnamed
// DW_TAG_array_type DIEs, named here "[T; N]" as Rust writes them.
//
// The walk enters compile units and namespaces only (struct types are not
// declared inside functions by rustc, except for closures and async state
// machines, which are not contracts), so it stays fast on large binaries.
// Codegen units repeat a type in several compile units: the first copy wins.
#include "contracts/dwarf_reader.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace runwarden::contracts {

namespace {

constexpr int kMaxTypeNameDepth = 16;

// Owns the file descriptor, the ELF handle and the DWARF session.
class DwarfFile {
 public:
  ~DwarfFile() {
    if (dwarf_) dwarf_end(dwarf_);
    if (elf_) elf_end(elf_);
    if (fd_ >= 0) ::close(fd_);
  }

  Status Open(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      const int err = errno;
      if (err == ENOENT) return NotFound(path + ": no such file");
      return IoError(path + ": cannot open: " + std::strerror(err));
    }
    elf_version(EV_CURRENT);
    elf_ = elf_begin(fd_, ELF_C_READ_MMAP, nullptr);
    if (!elf_ || elf_kind(elf_) != ELF_K_ELF) {
      return InvalidInput(path + ": not an ELF binary")
          .WithHint("pass the compiled executable or shared library, e.g. target/debug/<name>");
    }
    dwarf_ = dwarf_begin_elf(elf_, DWARF_C_READ, nullptr);
    if (!dwarf_) {
      return InvalidInput(path + ": the binary has no DWARF debug information")
          .WithHint(
              "build with full debug information: cargo build (the dev profile), or "
              "RUSTFLAGS=\"-C debuginfo=2\", or debug = 2 in [profile.release]; a stripped "
              "binary or split debug info (-C split-debuginfo=packed) cannot be read");
    }
    return Status::Ok();
  }

  Dwarf* dwarf() const { return dwarf_; }

 private:
  int fd_ = -1;
  Elf* elf_ = nullptr;
  Dwarf* dwarf_ = nullptr;
};

std::string NameOf(Dwarf_Die* die) {
  const char* n = dwarf_diename(die);
  return n ? n : "";
}

bool TypeOf(Dwarf_Die* die, Dwarf_Die* out) {
  Dwarf_Attribute attr;
  if (!dwarf_attr_integrate(die, DW_AT_type, &attr)) return false;
  return dwarf_formref_die(&attr, out) != nullptr;
}

std::string TypeName(Dwarf_Die* type, int depth) {
  if (depth > kMaxTypeNameDepth) return "?";
  const std::string name = NameOf(type);
  if (!name.empty()) return name;
  Dwarf_Die inner;
  const bool has_inner = TypeOf(type, &inner);
  switch (dwarf_tag(type)) {
    case DW_TAG_array_type: {
      std::string elem = has_inner ? TypeName(&inner, depth + 1) : "?";
      std::string count = "?";
      Dwarf_Die child;
      if (dwarf_child(type, &child) == 0) {
        do {
          if (dwarf_tag(&child) != DW_TAG_subrange_type) continue;
          Dwarf_Attribute attr;
          Dwarf_Word value = 0;
          if (dwarf_attr_integrate(&child, DW_AT_count, &attr) &&
              dwarf_formudata(&attr, &value) == 0) {
            count = std::to_string(value);
          } else if (dwarf_attr_integrate(&child, DW_AT_upper_bound, &attr) &&
                     dwarf_formudata(&attr, &value) == 0) {
            count = std::to_string(value + 1);
          }
          break;
        } while (dwarf_siblingof(&child, &child) == 0);
      }
      return "[" + elem + "; " + count + "]";
    }
    case DW_TAG_pointer_type:
      return "*const " + (has_inner ? TypeName(&inner, depth + 1) : std::string("()"));
    case DW_TAG_const_type:
    case DW_TAG_volatile_type:
    case DW_TAG_typedef:
      return has_inner ? TypeName(&inner, depth + 1) : "?";
    default:
      return "?";
  }
}

// A DIE still to visit and how many namespaces enclose it. The walk is
// depth first, so when an entry is popped, the first `namespaces` names on
// the path are exactly its enclosing namespaces.
struct Walk {
  Dwarf_Die die;
  size_t namespaces;
};

}  // namespace

Result<BinaryLayout> ReadBinaryLayout(const std::string& path, const std::set<std::string>& names) {
  DwarfFile file;
  RW_TRY(file.Open(path));
  BinaryLayout layout;
  layout.path = path;
  std::set<std::string> seen;
  size_t rust_units = 0;
  size_t struct_dies = 0;
  Dwarf_CU* cu = nullptr;
  Dwarf_CU* next = nullptr;
  Dwarf_Half version = 0;
  uint8_t unit_type = 0;
  Dwarf_Die cudie, subdie;
  std::vector<std::string> ns;
  for (;;) {
    const int rc = dwarf_get_units(file.dwarf(), cu, &next, &version, &unit_type, &cudie, &subdie);
    if (rc != 0) break;
    cu = next;
    ++layout.compile_units;
    if (dwarf_tag(&cudie) != DW_TAG_compile_unit || dwarf_srclang(&cudie) != DW_LANG_Rust) {
      continue;
    }
    ++rust_units;
    if (layout.producer.empty()) {
      Dwarf_Attribute attr;
      if (dwarf_attr(&cudie, DW_AT_producer, &attr)) {
        const char* p = dwarf_formstring(&attr);
        if (p) layout.producer = p;
      }
    }
    std::vector<Walk> stack;
    ns.clear();
    Dwarf_Die first;
    if (dwarf_child(&cudie, &first) == 0) stack.push_back({first, 0});
    while (!stack.empty()) {
      Walk w = stack.back();
      stack.pop_back();
      Dwarf_Die die = w.die;
      ns.resize(w.namespaces);
      Dwarf_Die sibling;
      if (dwarf_siblingof(&die, &sibling) == 0) stack.push_back({sibling, w.namespaces});
      const int tag = dwarf_tag(&die);
      if (tag == DW_TAG_namespace) {
        Dwarf_Die child;
        if (dwarf_child(&die, &child) == 0) {
          ns.push_back(NameOf(&die));
          stack.push_back({child, w.namespaces + 1});
        }
        continue;
      }
      if (tag != DW_TAG_structure_type) continue;
      ++struct_dies;
      if (dwarf_hasattr(&die, DW_AT_declaration)) continue;
      const std::string name = NameOf(&die);
      if (name.empty() || (!names.empty() && !names.count(name))) continue;
      BinaryStruct s;
      s.name = name;
      s.namespaces = ns;
      if (!seen.insert(s.QualifiedName()).second) continue;
      Dwarf_Die member;
      if (dwarf_child(&die, &member) == 0) {
        do {
          if (dwarf_tag(&member) != DW_TAG_member) continue;
          BinaryField f;
          f.name = NameOf(&member);
          Dwarf_Die type;
          f.type_name = TypeOf(&member, &type) ? TypeName(&type, 0) : "?";
          Dwarf_Attribute attr;
          Dwarf_Word offset = 0;
          if (dwarf_attr_integrate(&member, DW_AT_data_member_location, &attr) &&
              dwarf_formudata(&attr, &offset) == 0) {
            f.offset = offset;
          }
          s.fields.push_back(std::move(f));
        } while (dwarf_siblingof(&member, &member) == 0);
      }
      layout.structs.push_back(std::move(s));
    }
  }
  if (rust_units == 0) {
    return InvalidInput(path + ": the debug information has no Rust compile units")
        .WithHint("pass the binary built from the audited crate (target/debug/<name>)");
  }
  if (struct_dies == 0) {
    return InvalidInput(path + ": the binary has line tables only (debuginfo=1): no struct layouts")
        .WithHint(
            "rebuild with -C debuginfo=2 (cargo's dev profile does; for release builds set "
            "debug = 2 in [profile.release])");
  }
  if (!names.empty() && layout.structs.empty()) {
    // Usually the crate's own code was built without types (debuginfo 0 or
    // 1) while the standard library linked into it has them.
    return InvalidInput(path + ": the debug information describes none of the " +
                        std::to_string(names.size()) + " structs of the crate")
        .WithHint(
            "pass a build of this crate with full debug information: -C debuginfo=2 "
            "(cargo's dev profile does; for release builds set debug = 2 in "
            "[profile.release]); rustc leaves out types no compiled code uses");
  }
  return layout;
}

}  // namespace runwarden::contracts
