#ifndef RUNWARDEN_PROBE_SYNTHETIC_VALUES_H_
#define RUNWARDEN_PROBE_SYNTHETIC_VALUES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "schema/schema.h"

namespace runwarden::probe {

/// Whether a synthetic value must avoid existing values.
enum class Distinct {
  kAny,     ///< any valid value (small and plain, to pass CHECK constraints)
  kUnique,  ///< unlikely to equal a stored value (keys, unique columns, ids)
};

/// Makes text values (bound as parameters, converted by the server) for the
/// columns of synthetic rows, from the column's format_type() spelling.
/// Random, from its own generator.
class ValueMaker {
 public:
  /// `schema` (which must outlive the maker) resolves enum types.
  ValueMaker(const schema::Schema& schema, uint64_t seed);

  /// A value of `type`, or nullopt when the probe cannot make one (domains,
  /// ranges, geometric and other types it does not know).
  std::optional<std::string> Make(std::string_view type, Distinct distinct);

  /// A fresh tenant id of `type` (uuid, integer types, text types), or
  /// nullopt for other types.
  std::optional<std::string> TenantId(std::string_view type);

 private:
  std::string Hex(size_t digits);
  int64_t Between(int64_t low, int64_t high);

  const schema::Schema& schema_;
  std::mt19937_64 random_;
};

/// True when the server may fill a column from `default_expr` without an
/// effect that a rollback does not undo: constants, casts, operators and a
/// fixed list of functions without side effects (now(), gen_random_uuid(),
/// current_setting(), ...). nextval() and every other function are unsafe:
/// a sequence advanced by the probe would stay advanced.
bool DefaultIsSafe(const std::string& default_expr);

/// The values a partition's bound forces on its parent's partition key
/// columns, by column: the lower bound of a range partition, the first value
/// of a list partition. Empty for DEFAULT and hash partitions, MINVALUE
/// bounds, expression keys and anything that does not parse.
/// `partition_by` is the parent's Table::partition_by ("RANGE (recorded_on)"),
/// `bound` pg_get_expr(relpartbound) ("FOR VALUES FROM ('2026-01-01') TO ...").
std::map<std::string, std::optional<std::string>> PartitionBoundValues(
    std::string_view partition_by, std::string_view bound);

}  // namespace runwarden::probe

#endif  // RUNWARDEN_PROBE_SYNTHETIC_VALUES_H_
