package dev.thumbd.storage.s3;

import dev.thumbd.storage.StoreUnavailableException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/*
 * Design notes
 *
 * Operator order, innermost first: the SDK call with its errors already mapped -> time limit -> circuit breaker ->
 * retry. The breaker therefore sees each attempt (a timeout counts as a failure), and the retry sees the breaker's
 * refusal, which it must not retry. Only StoreUnavailableException counts as a failure: a 404 or a 412 proves that
 * the store is answering. Retries use exponential backoff with full ±50 % jitter so that many instances recovering
 * at once do not hit the store in lockstep (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015). The
 * SDK's own retries are switched off, so this is the only retry loop and the attempt count is exact.
 */

/** Resilience4j circuit breaker, time limits and retry around S3 calls (resilience4j-reactor operators). */
final class S3Guard {
    private final CircuitBreaker breaker;
    private final TimeLimiter callLimit;
    private final TimeLimiter uploadLimit;
    private final Retry retry;

    S3Guard(String name, S3StorageProperties.Timeouts timeouts, S3StorageProperties.Resilience resilience) {
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(resilience.slidingWindowSize())
                .minimumNumberOfCalls(resilience.minimumCalls())
                .failureRateThreshold(resilience.failureRateThreshold())
                .waitDurationInOpenState(resilience.openWait())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(e -> e instanceof StoreUnavailableException)
                .build());
        this.callLimit = TimeLimiter.of(name + "-call", limit(timeouts.call()));
        this.uploadLimit = TimeLimiter.of(name + "-upload", limit(timeouts.upload()));
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(resilience.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(resilience.retryBackoff(), 2.0, 0.5))
                .retryOnException(e -> e instanceof StoreUnavailableException s && s.retryable())
                .build());
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    /** An idempotent call: time-limited, behind the breaker, retried. */
    <T> Function<Mono<T>, Mono<T>> idempotent() {
        return call -> guarded(call, callLimit).transformDeferred(RetryOperator.of(retry));
    }

    /** An upload: time-limited as a whole, behind the breaker, never retried (its body cannot be replayed). */
    <T> Function<Mono<T>, Mono<T>> upload() {
        return call -> guarded(call, uploadLimit);
    }

    private <T> Mono<T> guarded(Mono<T> call, TimeLimiter limit) {
        return call.transformDeferred(TimeLimiterOperator.of(limit))
                .onErrorMap(TimeoutException.class,
                        e -> new StoreUnavailableException("the object store did not answer in time", true, e))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(CallNotPermittedException.class,
                        e -> new StoreUnavailableException("the object store is not answering (circuit open)",
                                false, e));
    }

    private static TimeLimiterConfig limit(Duration timeout) {
        return TimeLimiterConfig.custom().timeoutDuration(timeout).cancelRunningFuture(true).build();
    }
}
