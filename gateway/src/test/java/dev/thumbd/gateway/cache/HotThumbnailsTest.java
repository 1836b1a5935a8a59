package dev.thumbd.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HotThumbnailsTest {

    private final AtomicLong now = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HotThumbnails cache = new HotThumbnails(64 << 10, 8 << 10, Duration.ofSeconds(10), registry, now::get);

    private static HotKey key(String fingerprint, String source) {
        return new HotKey(fingerprint, "stable", "", source);
    }

    private static HotThumbnail thumbnail(int bytes, Duration lifetime) {
        return new HotThumbnail(new byte[bytes], Map.of("ETag", List.of("\"e\"")), "\"e\"", 0, lifetime);
    }

    @Test
    void keepsAndCountsAndExpiresByEachEntrysLifetime() {
        cache.put(key("a", "x.jpg"), thumbnail(100, Duration.ofSeconds(10)), cache.generation("x.jpg"));
        cache.put(key("b", "x.jpg"), thumbnail(100, Duration.ofSeconds(2)), cache.generation("x.jpg"));
        assertThat(cache.get(key("a", "x.jpg"))).isNotNull();
        assertThat(cache.get(key("c", "x.jpg"))).isNull();
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(cache.get(key("b", "x.jpg"))).as("past its own max-age").isNull();
        assertThat(cache.get(key("a", "x.jpg"))).isNotNull();
        now.addAndGet(Duration.ofSeconds(8).toNanos());
        assertThat(cache.get(key("a", "x.jpg"))).as("past the ttl").isNull();
        assertThat(registry.get("thumbd.gateway.cache.lookups").tag("result", "hit").counter().count()).isEqualTo(2);
        assertThat(registry.get("thumbd.gateway.cache.lookups").tag("result", "miss").counter().count()).isEqualTo(3);
    }

    @Test
    void anInvalidationDropsEveryThumbnailOfThatOriginalOnly() {
        cache.put(key("a", "x.jpg"), thumbnail(100, Duration.ofSeconds(10)), cache.generation("x.jpg"));
        cache.put(key("b", "x.jpg"), thumbnail(100, Duration.ofSeconds(10)), cache.generation("x.jpg"));
        cache.put(key("c", "y.jpg"), thumbnail(100, Duration.ofSeconds(10)), cache.generation("y.jpg"));
        cache.invalidate("x.jpg");
        assertThat(cache.get(key("a", "x.jpg"))).isNull();
        assertThat(cache.get(key("b", "x.jpg"))).isNull();
        assertThat(cache.get(key("c", "y.jpg"))).isNotNull();
    }

    @Test
    void whatWasFetchedBeforeAWriteIsNotKeptAfterIt() {
        long started = cache.generation("x.jpg");
        cache.invalidate("x.jpg");   // an overwrite answered while the thumbnail was on its way
        cache.put(key("a", "x.jpg"), thumbnail(100, Duration.ofSeconds(10)), started);
        assertThat(cache.get(key("a", "x.jpg"))).isNull();
        cache.put(key("a", "x.jpg"), thumbnail(100, Duration.ofSeconds(10)), cache.generation("x.jpg"));
        assertThat(cache.get(key("a", "x.jpg"))).isNotNull();
    }

    @Test
    void aWriteToOneOriginalDoesNotStopAnotherFromBeingKept() {
        long started = cache.generation("y.jpg");
        cache.invalidate("x.jpg");
        cache.put(key("a", "y.jpg"), thumbnail(100, Duration.ofSeconds(10)), started);
        assertThat(cache.get(key("a", "y.jpg"))).isNotNull();
    }

    @Test
    void droppingEverythingAlsoStopsWhatIsOnItsWay() {
        long started = cache.generation("y.jpg");
        cache.put(key("a", "x.jpg"), thumbnail(100, Duration.ofSeconds(10)), cache.generation("x.jpg"));
        cache.invalidateAll();
        assertThat(cache.get(key("a", "x.jpg"))).isNull();
        cache.put(key("b", "y.jpg"), thumbnail(100, Duration.ofSeconds(10)), started);
        assertThat(cache.get(key("b", "y.jpg"))).isNull();
    }

    @Test
    void boundedByBytesAndByEntrySize() {
        cache.put(key("big", "x.jpg"), thumbnail((8 << 10) + 1, Duration.ofSeconds(10)), cache.generation("x.jpg"));
        assertThat(cache.get(key("big", "x.jpg"))).isNull();
        assertThat(cache.fits(8 << 10)).isTrue();
        assertThat(cache.fits((8 << 10) + 1)).isFalse();
        for (int i = 0; i < 40; i++) {
            cache.put(key("k" + i, "x.jpg"), thumbnail(8 << 10, Duration.ofSeconds(10)), cache.generation("x.jpg"));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(8);
        double held = registry.get("thumbd.gateway.cache.size").gauge().value();
        assertThat(held).isGreaterThan(0).isLessThanOrEqualTo(64 << 10);
    }

    @Test
    void switchedOffItHoldsNothing() {
        HotThumbnails off = new HotThumbnails(0, 8 << 10, Duration.ofSeconds(10), new SimpleMeterRegistry());
        off.put(key("a", "x.jpg"), thumbnail(100, Duration.ofSeconds(10)), off.generation("x.jpg"));
        assertThat(off.get(key("a", "x.jpg"))).isNull();
    }
}
