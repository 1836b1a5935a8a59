package dev.thumbd.resizer.config;

import dev.thumbd.resizer.bottleneck.BottleneckFinder;
import dev.thumbd.resizer.bottleneck.StageWindows;
import dev.thumbd.resizer.dashboard.TrafficWindows;
import dev.thumbd.resizer.degradation.DegradationController;
import dev.thumbd.resizer.http.DashboardHandler;
import dev.thumbd.resizer.http.WriteAuthorization;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code /admin/dashboard}: the traffic windows, their once-a-second sampler, and the page's routes. */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    @Bean
    TrafficWindows trafficWindows(StageWindows stages) {
        return new TrafficWindows(Clock.systemUTC(), stages.snapshot().window(), stages.snapshot().windows());
    }

    /** Reads the request meters once a second: API requests only (not /admin or the actuator). */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService trafficSampler(TrafficWindows windows, MeterRegistry registry) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "thumbd-traffic");
            t.setDaemon(true);
            return t;
        });
        s.scheduleAtFixedRate(() -> {
            long all = 0;
            long client = 0;
            long server = 0;
            for (Timer t : registry.find("http.server.requests").timers()) {
                String uri = t.getId().getTag("uri");
                if (uri == null || uri.startsWith("/admin") || uri.startsWith("/actuator")) {
                    continue;
                }
                long n = t.count();
                String status = t.getId().getTag("status");
                all += n;
                if (status != null && status.startsWith("4")) {
                    client += n;
                } else if (status != null && status.startsWith("5")) {
                    server += n;
                }
            }
            windows.sample(new TrafficWindows.Totals(all, client, server));
        }, 0, 1, TimeUnit.SECONDS);
        return s;
    }

    /** Not in the {@code worker} role: its HTTP server serves no route. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(prefix = "thumbd", name = "role",
            havingValue = "api", matchIfMissing = true)
    RouterFunction<ServerResponse> dashboardRoutes(StageWindows stages, TrafficWindows traffic, BottleneckFinder finder,
            DegradationController degradation, WriteAuthorization writers) {
        DashboardHandler dashboard = new DashboardHandler(stages, traffic, finder, degradation, writers);
        return RouterFunctions.route()
                .GET("/admin/dashboard", dashboard::page)
                .GET("/admin/dashboard.js", dashboard::script)
                .GET("/admin/stats", dashboard::stats)
                .build();
    }
}
