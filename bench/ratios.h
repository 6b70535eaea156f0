#ifndef RUNWARDEN_BENCH_RATIOS_H_
#define RUNWARDEN_BENCH_RATIOS_H_

// Ratios between benchmarks of the same run. The machine that measures is
// shared and noisy, so runwarden's figures are reported as a ratio to a
// baseline (raw libpg_query, raw libpq) measured in the same process, from
// the medians of repeated runs.

#include <string>

namespace runwarden::bench {

/// Asks main to print `name / baseline` after the run, when both ran.
bool RegisterRatio(std::string name, std::string baseline);

}  // namespace runwarden::bench

#define RUNWARDEN_BENCH_CONCAT2(a, b) a##b
#define RUNWARDEN_BENCH_CONCAT(a, b) RUNWARDEN_BENCH_CONCAT2(a, b)
#define RUNWARDEN_BENCH_RATIO(name, baseline)                                   \
  [[maybe_unused]] static const bool RUNWARDEN_BENCH_CONCAT(kRatio, __LINE__) = \
      ::runwarden::bench::RegisterRatio(#name, #baseline)

#endif  // RUNWARDEN_BENCH_RATIOS_H_
