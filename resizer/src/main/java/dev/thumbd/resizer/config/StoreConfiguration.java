package dev.thumbd.resizer.config;

import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.fs.FileSystemObjectStore;
import dev.thumbd.storage.fs.FileSystemStorageProperties;
import dev.thumbd.storage.remote.RemoteSource;
import dev.thumbd.storage.remote.RemoteSourceProperties;
import dev.thumbd.storage.s3.S3ObjectStore;
import dev.thumbd.storage.s3.S3StorageProperties;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The object store for originals ({@code thumbd.store.type}: filesystem or s3) and the remote source fetcher. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StoreConfiguration.class);

    @Bean
    ObjectStore objectStore(ThumbdProperties properties) {
        ThumbdProperties.Store p = properties.store();
        switch (p.type().toLowerCase(Locale.ROOT)) {
            case "filesystem", "fs" -> {
                FileSystemObjectStore store = new FileSystemObjectStore(new FileSystemStorageProperties(p.root(), p.fsync()));
                LOG.info("originals: filesystem store at {}", store.root());
                return store;
            }
            case "s3" -> {
                ThumbdProperties.S3 s3 = p.s3();
                S3StorageProperties sp = S3StorageProperties.defaults(s3.bucket());
                sp = new S3StorageProperties(sp.bucket(), s3.region(), s3.endpoint(), s3.pathStyle(), blank(s3.accessKeyId()),
                        blank(s3.secretAccessKey()), sp.multipartThreshold(), sp.partSize(), sp.timeouts(), sp.resilience());
                S3ObjectStore store = new S3ObjectStore(sp);
                if (s3.createBucket()) {
                    store.createBucketIfMissing().block(Duration.ofSeconds(30));
                }
                LOG.info("originals: S3 bucket {} at {}", s3.bucket(), s3.endpoint() == null ? "AWS" : s3.endpoint());
                return store;
            }
            default -> throw new IllegalArgumentException(
                    "thumbd.store.type must be filesystem or s3, not '" + p.type() + "'");
        }
    }

    @Bean
    RemoteSource remoteSource(ThumbdProperties properties) {
        ThumbdProperties.Remote r = properties.remote();
        RemoteSourceProperties d = RemoteSourceProperties.defaults();
        return new RemoteSource(new RemoteSourceProperties(r.enabled(), new HashSet<>(r.allowedHosts()), r.allowHttp(),
                r.allowedAddresses(), d.maxRedirects(), properties.limits().maxSourceSize().toBytes(),
                d.connectTimeout(), d.readTimeout(), d.totalTimeout()));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
