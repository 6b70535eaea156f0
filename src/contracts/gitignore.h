#ifndef RUNWARDEN_CONTRACTS_GITIGNORE_H_
#define RUNWARDEN_CONTRACTS_GITIGNORE_H_

#include <string>
#include <string_view>
#include <vector>

namespace runwarden::contracts {

/// The .gitignore rules met while walking a tree, applied the way git does
/// for the common cases: blank lines and `#` comments skipped, `!` negates,
/// a trailing `/` matches directories only, a pattern with a `/` elsewhere is
/// anchored to its .gitignore's directory, otherwise it matches a name at
/// any depth below it; `*`, `?`, `[...]` and `**` globs. The last matching
/// pattern decides. (A file inside an ignored directory is never re-included,
/// because the walk does not enter ignored directories.)
class IgnoreRules {
 public:
  /// Adds the patterns of the .gitignore in `dir` (relative to the walk's
  /// root, '/'-separated, "" for the root).
  void AddFile(std::string_view dir, std::string_view text);
  /// Whether `path` (relative to the root, '/'-separated) is ignored.
  bool Ignored(std::string_view path, bool is_dir) const;

 private:
  struct Pattern {
    std::string base;  ///< directory of the .gitignore, "" for the root
    std::string glob;
    bool negate = false;
    bool dir_only = false;
    bool anchored = false;
  };
  std::vector<Pattern> patterns_;
};

/// Whether `text` matches the glob `pattern`: `*` and `?` do not match '/',
/// `**` matches across directories, `[a-z]` / `[!a-z]` classes, `\` escapes.
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_GITIGNORE_H_
