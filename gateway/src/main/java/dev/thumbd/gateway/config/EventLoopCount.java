package dev.thumbd.gateway.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The number of Netty event loops the gateway's server and its client to the resizers share:
 * {@code thumbd.gateway.event-loops}, by default one per available processor. Reactor Netty's own default is at least
 * four, which on a two-core machine runs four busy threads on two cores: a proxied request then crosses between loops
 * (the client connection it is given usually lives on another loop than the client's) and the threads preempt each
 * other; measured at about twice the CPU per proxied request (docs/BENCHMARKS.md). Set before any event loop exists,
 * as the {@code reactor.netty.ioWorkerCount} system property, unless that property was given explicitly.
 */
public final class EventLoopCount implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String PROPERTY = "thumbd.gateway.event-loops";
    static final String REACTOR_PROPERTY = "reactor.netty.ioWorkerCount";
    private static final Logger LOG = LoggerFactory.getLogger(EventLoopCount.class);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (System.getProperty(REACTOR_PROPERTY) != null) {
            return;
        }
        int configured = event.getEnvironment().getProperty(PROPERTY, Integer.class, 0);
        int loops = of(configured, Runtime.getRuntime().availableProcessors());
        System.setProperty(REACTOR_PROPERTY, Integer.toString(loops));
        LOG.info("{} event loops (thumbd.gateway.event-loops)", loops);
    }

    /** {@code configured} loops, or one per processor when it is 0; never below 1. */
    static int of(int configured, int processors) {
        if (configured < 0) {
            throw new IllegalStateException(PROPERTY + " is 0 (one per processor) or a positive count, not "
                    + configured);
        }
        return Math.max(1, configured == 0 ? processors : configured);
    }
}
