package dev.thumbd.resizer;

import dev.thumbd.resizer.config.ThumbdProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The resizer service: {@code /v1} on Spring WebFlux (Netty), configured by {@code thumbd.*} properties. */
@SpringBootApplication
@EnableConfigurationProperties(ThumbdProperties.class)
public class ResizerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ResizerApplication.class, args);
    }
}
