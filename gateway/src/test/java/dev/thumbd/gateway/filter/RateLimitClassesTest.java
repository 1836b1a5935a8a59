package dev.thumbd.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.gateway.ratelimit.ClientRateLimiter;
import dev.thumbd.gateway.ratelimit.InMemoryRateLimiter;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitClassesTest {

    private final ClientRateLimiter clients = new InMemoryRateLimiter(200, 400);
    private final ClientRateLimiter keys = new InMemoryRateLimiter(1000, 2000);
    private final ClientRateLimiter partners = new InMemoryRateLimiter(500, 1000);
    private final RateLimitClasses classes = new RateLimitClasses(clients, keys, List.of(
            new RateLimitClasses.Range("cdn", AddressBlocks.parse(List.of("198.51.100.0/24", "2001:db8:cd::/48"), "t"),
                    null),
            new RateLimitClasses.Range("partner", AddressBlocks.parse(List.of("198.51.0.0/16"), "t"), partners)));

    private static ClientAddress.Client client(String address) {
        return ClientAddress.Client.of(IpLiteral.parse(address));
    }

    @Test
    void apiKeysFirstThenTheFirstRangeThenEverybody() {
        assertThat(classes.choose("k1", client("198.51.100.1"))).isEqualTo(new RateLimitClasses.Choice("key:k1", keys));
        assertThat(classes.choose(null, client("198.51.100.1")))
                .isEqualTo(new RateLimitClasses.Choice("cdn:198.51.100.1", null));
        assertThat(classes.choose(null, client("2001:db8:cd:5::1")))
                .isEqualTo(new RateLimitClasses.Choice("cdn:2001:db8:cd:5::/64", null));
        assertThat(classes.choose(null, client("::ffff:198.51.100.2")).limiter()).isNull();
        assertThat(classes.choose(null, client("198.51.7.7")))
                .isEqualTo(new RateLimitClasses.Choice("partner:198.51.7.7", partners));
        assertThat(classes.choose(null, client("203.0.113.1")))
                .isEqualTo(new RateLimitClasses.Choice("ip:203.0.113.1", clients));
        assertThat(classes.choose(null, new ClientAddress.Client("_hidden", null)))
                .isEqualTo(new RateLimitClasses.Choice("ip:_hidden", clients));
    }
}
