package dev.thumbd.resizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class InFlightTest {

    @Test
    void concurrentCallersShareOneComputation() {
        InFlight<String, Integer> inFlight = new InFlight<>();
        AtomicInteger computations = new AtomicInteger();
        Sinks.One<Integer> gate = Sinks.one();
        List<Mono<Integer>> callers = new ArrayList<>();
        List<Integer> results = new ArrayList<>();
        List<Disposable> subs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Mono<Integer> m = inFlight.get("k", () -> Mono.defer(() -> {
                computations.incrementAndGet();
                return gate.asMono();
            }));
            callers.add(m);
            subs.add(m.subscribe(results::add));
        }
        assertThat(computations).hasValue(1);
        assertThat(inFlight.size()).isEqualTo(1);
        gate.tryEmitValue(42);
        assertThat(results).hasSize(50).containsOnly(42);
        assertThat(inFlight.size()).isZero();
        assertThat(inFlight.started()).isEqualTo(1);
        assertThat(inFlight.joined()).isEqualTo(49);
        // once finished, the next call computes again
        assertThat(inFlight.get("k", () -> Mono.just(7)).block(Duration.ofSeconds(5))).isEqualTo(7);
        subs.forEach(Disposable::dispose);
    }

    @Test
    void differentKeysDoNotShare() {
        InFlight<String, String> inFlight = new InFlight<>();
        assertThat(inFlight.get("a", () -> Mono.just("A")).block()).isEqualTo("A");
        assertThat(inFlight.get("b", () -> Mono.just("B")).block()).isEqualTo("B");
        assertThat(inFlight.started()).isEqualTo(2);
    }

    @Test
    void theComputationIsCancelledOnlyWhenEveryCallerLeft() {
        InFlight<String, Integer> inFlight = new InFlight<>();
        AtomicInteger cancelled = new AtomicInteger();
        Sinks.One<Integer> gate = Sinks.one();
        Mono<Integer> computation = gate.asMono().doOnCancel(cancelled::incrementAndGet);
        Disposable a = inFlight.get("k", () -> computation).subscribe();
        Disposable b = inFlight.get("k", () -> computation).subscribe();
        a.dispose();
        assertThat(cancelled).hasValue(0);
        assertThat(inFlight.size()).isEqualTo(1);
        b.dispose();
        assertThat(cancelled).hasValue(1);
        assertThat(inFlight.size()).isZero();
    }

    @Test
    void errorsReachEveryCallerAndAreNotRemembered() {
        InFlight<String, Integer> inFlight = new InFlight<>();
        Sinks.One<Integer> gate = Sinks.one();
        List<Throwable> errors = new ArrayList<>();
        inFlight.get("k", gate::asMono).subscribe(v -> { }, errors::add);
        inFlight.get("k", gate::asMono).subscribe(v -> { }, errors::add);
        gate.tryEmitError(new IllegalStateException("boom"));
        assertThat(errors).hasSize(2).allMatch(e -> e.getMessage().equals("boom"));
        assertThat(inFlight.get("k", () -> Mono.just(1)).block()).isEqualTo(1);
    }
}
