// PDF documents rendered per second per core (render/documents.hpp), for each kind of document,
// on the sample dossiers of render/testing/sample_documents.hpp (the same as the golden files).
// Google Benchmark: one RenderDocument call per iteration, items_per_second on CPU time of the
// rendering thread (= documents per CPU-second, i.e. per core). The first render of a thread
// loads fontconfig and the Noto fonts; it happens before timing starts. Rendering is
// thread-safe and shares nothing between threads, so N cores give N times these figures.
//
// Usage: build/release/bench/motcua_bench_render [--benchmark_repetitions=3 …]
#include <cstddef>
#include <string>

#include <benchmark/benchmark.h>

#include "core/workflow/documents.hpp"
#include "render/documents.hpp"
#include "render/testing/sample_documents.hpp"

namespace motcua::bench {
namespace {

using core::workflow::DocumentKind;

void BM_Render(benchmark::State& state) {
    const auto kind = static_cast<DocumentKind>(state.range(0));
    const core::workflow::DocumentInput input = render::testing::SampleFor(kind);
    // Warm up this thread's font map outside the timed loop.
    auto warm = render::RenderDocument(kind, input);
    if (!warm.has_value()) {
        state.SkipWithError(warm.error().message.c_str());
        return;
    }
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto pdf = render::RenderDocument(kind, input);
        bytes = pdf->size();
        benchmark::DoNotOptimize(pdf);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["pdf_bytes"] = static_cast<double>(bytes);
    state.SetLabel(std::string(core::workflow::DocumentKindName(kind)));
}

void AllKinds(benchmark::internal::Benchmark* b) {
    for (const DocumentKind kind : core::workflow::kAllDocumentKinds) {
        b->Arg(static_cast<int>(kind));
    }
}

BENCHMARK(BM_Render)->Apply(AllKinds)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace motcua::bench

BENCHMARK_MAIN();
