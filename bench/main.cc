// The benchmark driver: Google Benchmark's console table, then the ratios
// each benchmark file registered (bench/ratios.h).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "bench/ratios.h"

namespace runwarden::bench {
namespace {

std::vector<std::pair<std::string, std::string>>& Ratios() {
  static std::vector<std::pair<std::string, std::string>> ratios;
  return ratios;
}

// The console table, plus a record of each benchmark's time so that main
// can print the ratios: the median when there are repetitions, otherwise
// the mean of the runs.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  using ConsoleReporter::ConsoleReporter;

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      Times& t = times_[run.run_name.function_name];
      if (run.run_type == Run::RT_Aggregate) {
        if (run.aggregate_name == "median") {
          t.median_real = run.GetAdjustedRealTime();
          t.median_cpu = run.GetAdjustedCPUTime();
          t.has_median = true;
        }
      } else {
        t.sum_real += run.GetAdjustedRealTime();
        t.sum_cpu += run.GetAdjustedCPUTime();
        ++t.runs;
      }
    }
  }

  // Prints "name / baseline" for real and CPU time when both were run.
  void PrintRatio(const std::string& name, const std::string& baseline) const {
    const auto a = times_.find(name);
    const auto b = times_.find(baseline);
    if (a == times_.end() || b == times_.end()) return;
    const auto [a_real, a_cpu, a_what] = a->second.Value();
    const auto [b_real, b_cpu, b_what] = b->second.Value();
    if (b_real <= 0 || b_cpu <= 0) return;
    std::printf("%-22s / %-26s = %.3f real, %.3f cpu (%s)\n", name.c_str(), baseline.c_str(),
                a_real / b_real, a_cpu / b_cpu, a_what);
  }

 private:
  struct Times {
    double median_real = 0, median_cpu = 0;
    bool has_median = false;
    double sum_real = 0, sum_cpu = 0;
    int runs = 0;

    std::tuple<double, double, const char*> Value() const {
      if (has_median) return {median_real, median_cpu, "medians"};
      if (runs == 0) return {0, 0, ""};
      return {sum_real / runs, sum_cpu / runs, "means"};
    }
  };
  std::map<std::string, Times> times_;
};

}  // namespace

bool RegisterRatio(std::string name, std::string baseline) {
  Ratios().emplace_back(std::move(name), std::move(baseline));
  return true;
}

}  // namespace runwarden::bench

int main(int argc, char** argv) {
  using runwarden::bench::RatioReporter;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_ColorTabular
                                               : benchmark::ConsoleReporter::OO_Tabular);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\n");
  for (const auto& [name, baseline] : runwarden::bench::Ratios()) {
    reporter.PrintRatio(name, baseline);
  }
  benchmark::Shutdown();
  return 0;
}
