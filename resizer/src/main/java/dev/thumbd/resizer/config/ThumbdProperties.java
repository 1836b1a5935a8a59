package dev.thumbd.resizer.config;

import dev.thumbd.http.ServerTimeouts;
import dev.thumbd.signing.SigningKeys;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code thumbd.*} setting of the resizer service, with its default. {@code docs/CONFIGURATION.md} lists them.
 *
 * @param store     where originals live
 * @param cache     the three cache levels
 * @param admission worker pool, queue and deadline
 * @param http      response caching headers
 * @param upload    write endpoints
 * @param remote    originals fetched by URL
 * @param limits    what the probe and the planner refuse
 * @param memory    how the heap is shared out, the pixel budget
 * @param presets   named parameter sets: {@code thumbd.presets.avatar=w=64&h=64&fit=cover}
 * @param seed      sample originals copied into an empty store at start
 * @param server    how long a client may take to send a request ({@code thumbd.server.*}, as on the gateway)
 * @param jobs      background renders: variant sets, the queue, how much room they may take (docs/JOBS.md)
 * @param fallback  images served in place of missing originals, by key prefix
 * @param role      {@code api} (default): the HTTP API and, with {@code jobs.enabled}, a consumer of the queue;
 *                  {@code worker}: the engine and the queue's consumer, no {@code /v1} routes (health and metrics on
 *                  the management port)
 */
@ConfigurationProperties("thumbd")
public record ThumbdProperties(
        @DefaultValue Store store,
        @DefaultValue Cache cache,
        @DefaultValue Admission admission,
        @DefaultValue Http http,
        @DefaultValue Upload upload,
        @DefaultValue Signing signing,
        @DefaultValue Degradation degradation,
        @DefaultValue Remote remote,
        @DefaultValue Limits limits,
        @DefaultValue Memory memory,
        @DefaultValue Map<String, String> presets,
        @DefaultValue Seed seed,
        @DefaultValue ServerTimeouts server,
        @DefaultValue Jobs jobs,
        @DefaultValue Fallback fallback,
        @DefaultValue("api") String role) {

    public ThumbdProperties {
        if (!role.equals("api") && !role.equals("worker")) {
            throw new IllegalArgumentException("thumbd.role: api or worker, not " + role);
        }
    }

    /** Whether this process serves the {@code /v1} API (not a {@code worker}). */
    public boolean servesApi() {
        return role.equals("api");
    }

    /**
     * Images served in place of a missing original (docs/HTTP.md#fallback-images), off by default.
     *
     * @param images key prefix to the key of the image served when an original under it is not stored:
     *               {@code thumbd.fallback.images[avatars/]=defaults/avatar.png}
     */
    public record Fallback(@DefaultValue Map<String, String> images) {
    }

    /**
     * Background renders (docs/JOBS.md).
     *
     * @param enabled        whether this replica accepts jobs and renders queued variants
     * @param queue          {@code embedded} (a journal on local disk, one replica) or {@code redis} (a stream every
     *                       replica shares)
     * @param journal        the embedded queue's journal file; unset: beside the disk cache's directory, which is
     *                       this replica's own ({@code cache/} -> {@code cache.journal}; the store's root may be
     *                       shared by replicas, and the file is locked by the process that has it open)
     * @param redisUri       the Redis of {@code queue=redis} ({@code redis://host:6379})
     * @param stream         the Redis stream (its dead letters: {@code <stream>:dead}); job records use it as prefix
     * @param group          the consumer group of the resizers
     * @param consumer       this replica's consumer name; empty: host name and process id
     * @param variantSets    name to definition: {@code widths=64,128,256&formats=webp,avif&fit=cover&h=64}
     * @param eagerByPrefix  key prefix to variant set queued on every upload under it without {@code eager=} (and
     *                       on every bucket event of a key under it)
     * @param eventsVariantSet the set a bucket event queues for a key under no eager prefix; empty: none
     * @param concurrency    background renders at once on this replica (each also needs an idle worker)
     * @param avifConcurrency background AVIF renders at once on this replica
     * @param maxDepth       queue entries past which new jobs are refused (503 queue-full, Retry-After)
     * @param maxKeys        originals one job may name, or a backfill prefix match
     * @param maxDeliveries  deliveries of one entry before it goes to the dead letters
     * @param minIdle        how long an entry must be unacknowledged before another consumer takes it over
     * @param batch          entries read from the queue at a time
     * @param keep           how long a job's progress is kept after its last change
     * @param webhooks       completion notifications (off unless URL prefixes are allowed)
     */
    public record Jobs(@DefaultValue("true") boolean enabled, @DefaultValue("embedded") String queue,
            @Nullable Path journal, @DefaultValue("redis://127.0.0.1:6379") String redisUri,
            @DefaultValue("thumbd:jobs") String stream, @DefaultValue("resizers") String group,
            @DefaultValue("") String consumer, @DefaultValue Map<String, String> variantSets,
            @DefaultValue Map<String, String> eagerByPrefix, @DefaultValue("") String eventsVariantSet,
            @DefaultValue("1") int concurrency,
            @DefaultValue("1") int avifConcurrency, @DefaultValue("100000") long maxDepth,
            @DefaultValue("10000") int maxKeys, @DefaultValue("5") int maxDeliveries,
            @DefaultValue("2m") Duration minIdle, @DefaultValue("8") int batch, @DefaultValue("1d") Duration keep,
            @DefaultValue Webhooks webhooks, @DefaultValue("7d") Duration eventsRemember,
            @DefaultValue("100000") int eventsRememberedKeys) {

        /** The journal file, {@code journal} or its default beside {@code cacheDir}. */
        public Path journalFile(Path cacheDir) {
            if (journal != null) {
                return journal;
            }
            Path dir = cacheDir.toAbsolutePath().normalize();
            return dir.resolveSibling(dir.getFileName() + ".journal");
        }

        /** The embedded queue's job ledger: a sibling of {@link #journalFile} ({@code cache.journal.jobs}). */
        public Path ledgerFile(Path cacheDir) {
            Path queueFile = journalFile(cacheDir).toAbsolutePath();
            return queueFile.resolveSibling(queueFile.getFileName() + ".jobs");
        }

        /** The embedded queue's sequencer memory: a sibling of {@link #journalFile} ({@code cache.journal.sequencers}). */
        public Path sequencersFile(Path cacheDir) {
            Path queueFile = journalFile(cacheDir).toAbsolutePath();
            return queueFile.resolveSibling(queueFile.getFileName() + ".sequencers");
        }
    }

    /**
     * Completion notifications of jobs (docs/JOBS.md#completion-notifications).
     *
     * @param allowed      URL prefixes a job's notification URL must lie under; empty (default): every URL is refused
     * @param secret       the HMAC-SHA256 key of {@code Thumbd-Signature} (at least 32 bytes; needed with
     *                     {@code allowed})
     * @param allowPrivate whether a URL may resolve to loopback, private or link-local addresses
     * @param timeout      the connect timeout and the bound of one exchange
     * @param attempts     tries per delivery before the entry waits for the queue's next delivery
     * @param backoff      the wait before the second try, doubled after each
     */
    public record Webhooks(@DefaultValue List<String> allowed, @DefaultValue("") String secret,
            @DefaultValue("false") boolean allowPrivate, @DefaultValue("5s") Duration timeout,
            @DefaultValue("3") int attempts, @DefaultValue("1s") Duration backoff) {
    }

    /**
     * @param type       {@code filesystem} (default) or {@code s3}
     * @param root       filesystem root; default {@code data}
     * @param fsync      force writes to disk before publishing them; default true
     * @param s3         S3 settings when {@code type=s3}
     */
    public record Store(@DefaultValue("filesystem") String type, @DefaultValue("data") Path root,
            @DefaultValue("true") boolean fsync, @DefaultValue S3 s3) {
    }

    /**
     * @param bucket          bucket name
     * @param region          signing region
     * @param endpoint        endpoint of an S3-compatible server (MinIO, ...); empty for AWS
     * @param pathStyle       path-style addressing (MinIO needs it)
     * @param accessKeyId     static credentials; empty to use the SDK's default chain
     * @param secretAccessKey static credentials
     * @param createBucket    create the bucket at start when it is missing
     */
    public record S3(@DefaultValue("thumbd") String bucket, @DefaultValue("us-east-1") String region,
            @Nullable URI endpoint, @DefaultValue("false") boolean pathStyle, @Nullable String accessKeyId,
            @Nullable String secretAccessKey, @DefaultValue("false") boolean createBucket) {
    }

    /**
     * @param enabled            false turns every level and single-flight off (for measuring the cold path)
     * @param memoryHeapFraction L1 size as a fraction of the maximum heap, when {@code memoryMaxSize} is not set
     * @param memoryMaxSize      L1 size in bytes, overriding the fraction
     * @param disk               L2
     * @param derivatives        L3
     * @param sources            recently read originals kept for coalescing
     */
    public record Cache(@DefaultValue("true") boolean enabled, @DefaultValue("0.125") double memoryHeapFraction,
            @Nullable DataSize memoryMaxSize, @DefaultValue Disk disk, @DefaultValue Derivatives derivatives,
            @DefaultValue Sources sources) {
    }

    /**
     * @param enabled         whether L2 is used; default true
     * @param dir             its directory; default {@code cache}
     * @param maxSize         bound on its files; default 1 GB
     * @param promoteMaxSize  L2 hits up to this size are promoted to L1, larger ones are sent from the file
     * @param fsync           force each file to disk before publishing it; default false (a lost cache file is
     *                        recomputed, never served half-written: files appear only by atomic rename)
     */
    public record Disk(@DefaultValue("true") boolean enabled, @DefaultValue("cache") Path dir,
            @DefaultValue("1GB") DataSize maxSize, @DefaultValue("256KB") DataSize promoteMaxSize,
            @DefaultValue("false") boolean fsync) {
    }

    /**
     * @param enabled whether L3 is used; default false
     * @param prefix  key prefix of derivative objects in the store; keys under it are refused for uploads
     */
    public record Derivatives(@DefaultValue("false") boolean enabled, @DefaultValue("_derivatives") String prefix) {
    }

    /**
     * @param maxSize bytes of recently read originals kept
     * @param ttl     how long one is reused
     */
    public record Sources(@DefaultValue("16MB") DataSize maxSize, @DefaultValue("5s") Duration ttl) {
    }

    /**
     * @param workers           CPU worker threads; 0 = one per available processor
     * @param queue             tasks that may wait for a worker; 0 = 32 per worker (at 25-80 thumbnails/s per core,
     *                          under a second of waiting; past it, shedding beats queueing)
     * @param deadline          per-request limit for a thumbnail that is not cached (504 after it)
     * @param retryAfter        the {@code Retry-After} sent with 503
     */
    public record Admission(@DefaultValue("0") int workers, @DefaultValue("0") int queue,
            @DefaultValue("20s") Duration deadline, @DefaultValue("1s") Duration retryAfter) {
    }

    /**
     * @param maxAge               {@code max-age} of thumbnails: their lifetime in browsers
     * @param sharedMaxAge         {@code s-maxage} of thumbnails: their lifetime in shared caches (CDNs, proxies)
     * @param staleWhileRevalidate {@code stale-while-revalidate} of thumbnails
     * @param errorMaxAge          {@code max-age} of cacheable client errors (0: all errors no-store)
     * @param cdnMaxAge            {@code CDN-Cache-Control: max-age} of thumbnails (0: no such header)
     */
    public record Http(@DefaultValue("1d") Duration maxAge, @DefaultValue("7d") Duration sharedMaxAge,
            @DefaultValue("1d") Duration staleWhileRevalidate, @DefaultValue("60s") Duration errorMaxAge,
            @DefaultValue("0s") Duration cdnMaxAge) {
    }

    /** @param tokens bearer tokens allowed to upload and delete; none switches writes off */
    public record Upload(@DefaultValue List<String> tokens) {
    }

    /**
     * @param instance      this replica's {@code instance} label in Prometheus ({@code resizer-1:8082}); alerts about
     *                      another instance are ignored by the degradation webhook. Unset: every alert counts.
     * @param maxDimension  from level 2: the longest side a thumbnail made now may have (device pixels)
     * @param nearestWidths from level 2: widths looked up in L1 for a nearby larger variant of a missing one
     * @param p99Target     the p99 of the waits for a worker of the last 10 s above which the local level rises (below
     *                      half of it, it may fall)
     * @param waterLevels   whether the resizer's own water levels move the level (false: only the webhook does, as
     *                      for equal-output benchmarks against peers that never degrade)
     * @param fleetAlerts   whether alerts without an {@code instance} label (about the whole pool, such as the p99 of
     *                      every resizer) move this replica's level; off: only alerts naming this replica do
     */
    public record Degradation(@Nullable String instance, @DefaultValue("1024") int maxDimension,
            @DefaultValue({"320", "480", "640", "800", "1024", "1280", "1600", "1920"}) List<Integer> nearestWidths,
            @DefaultValue("2s") Duration p99Target, @DefaultValue("true") boolean waterLevels,
            @DefaultValue("false") boolean fleetAlerts) {
    }

    /**
     * URL signing keys (docs/SIGNING.md), the same properties the gateway reads. The resizer signs the URLs that
     * {@code /v1/srcset} hands out; the gateway verifies them, and so does the resizer (docs/SECURITY.md).
     *
     * @param keys    key id to secret (at least 32 characters); none: srcset URLs are unsigned
     * @param primary the key new signatures use (default: the first)
     * @param retired key ids refused everywhere
     * @param allowUnsigned serve unsigned {@code /v1/resize} URLs although keys are configured (signed ones are still
     *                      checked); without keys nothing is checked
     */
    public record Signing(@DefaultValue Map<String, String> keys, @Nullable String primary,
            @DefaultValue List<String> retired, @DefaultValue("false") boolean allowUnsigned) {
        /** The configured keys, validated; {@link SigningKeys#NONE} when there are none. */
        public SigningKeys toKeys() {
            return SigningKeys.fromSecrets(keys, retired, primary);
        }
    }

    /**
     * @param enabled          allow {@code src=https://...}
     * @param allowedHosts     exact hosts or {@code *.example.com}
     * @param allowHttp        allow plain http
     * @param allowedAddresses private CIDR blocks that may still be fetched from
     */
    public record Remote(@DefaultValue("false") boolean enabled, @DefaultValue List<String> allowedHosts,
            @DefaultValue("false") boolean allowHttp, @DefaultValue List<String> allowedAddresses) {
    }

    /**
     * @param maxSourceSize   largest original (and upload)
     * @param maxPixels       largest pixel count (width x height) of the image and of any frame, tile or item in it
     * @param maxFrames       most frames in an animated original
     * @param maxAnimationPixels most pixels of all frames of an animation together (frames x area)
     * @param animations      whether animations are written as animations (WebP); false: every animation becomes a
     *                        still of its first frame (answered with X-Thumbd-Animation: still)
     * @param maxResultPixels largest output canvas (width x height after dpr and padding)
     * @param maxFilterWork   most multiply-adds blur and sharpen may cost
     * @param maxOverlayPixels largest overlay (wm) from its header, before it is decoded and kept (4 bytes a pixel)
     */
    public record Limits(@DefaultValue("64MB") DataSize maxSourceSize, @DefaultValue("50000000") long maxPixels,
            @DefaultValue("1000") int maxFrames, @DefaultValue("40000000") long maxResultPixels,
            @DefaultValue("4000000000") long maxFilterWork,
            @DefaultValue("200000000") long maxAnimationPixels, @DefaultValue("true") boolean animations,
            @DefaultValue("4000000") long maxOverlayPixels) {
    }

    /**
     * The memory model (docs/ARCHITECTURE.md, "Memory model"): the heap is shared out at start, and what is left
     * after the other shares is the pixel budget renders are admitted against.
     *
     * @param framework      heap kept for everything that is not pixels or caches (Spring, Netty, meters, requests)
     * @param originals      bytes of originals requests may hold while they are read, queued and rendered (one
     *                       original alone may be larger, up to thumbd.limits.max-source-size); past it, 503
     * @param pixelBudget    heap bytes renders may hold together; unset: what the heap leaves after the other shares
     * @param nativeBudget   native codec bytes renders may hold together; unset: twice the pixel budget
     * @param scratchRetain  what each worker keeps between renders, all its buffers together
     * @param sharedDecodes  decoded pixels held for sharing among concurrent renders of one original
     * @param writeBehind    thumbnails waiting to be written to L2 and L3 (past it, writes are skipped)
     * @param jvmOverhead    what the JVM takes outside the heap (code cache, metaspace, stacks, direct buffers),
     *                       only for the process bound the startup log reports
     * @param overlays       decoded overlays (wm) kept by key and version (counted with the shared decodes)
     */
    public record Memory(@DefaultValue("40MB") DataSize framework, @DefaultValue("24MB") DataSize originals,
            @Nullable DataSize pixelBudget,
            @Nullable DataSize nativeBudget, @DefaultValue("8MB") DataSize scratchRetain,
            @DefaultValue("8MB") DataSize sharedDecodes, @DefaultValue("8MB") DataSize writeBehind,
            @DefaultValue("320MB") DataSize jvmOverhead, @DefaultValue("4MB") DataSize overlays) {
    }

    /** @param dir a directory whose images are stored under their file names when the key is missing; none by default */
    public record Seed(@Nullable Path dir) {
    }
}
