package dev.thumbd.gateway;

import dev.thumbd.gateway.config.EventLoopCount;
import dev.thumbd.gateway.config.GatewayProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The thumbd gateway: the edge that CDNs and clients talk to, in front of the resizer replicas. */
@SpringBootApplication
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(GatewayApplication.class);
        application.addListeners(new EventLoopCount());
        application.run(args);
    }
}
