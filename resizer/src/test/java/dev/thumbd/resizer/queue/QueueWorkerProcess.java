package dev.thumbd.resizer.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A worker in its own JVM, for {@link WorkerKilledMidBatchTest}: reads the Redis queue as demand asks in batches of
 * {@code batch}, stores each entry's variant (a file named after it) and acknowledges it; after {@code stopAfter}
 * entries it stores one more without acknowledging it, prints {@code stalled} and waits to be killed.
 *
 * <p>Arguments: redis uri, stream, variants directory, batch, stopAfter.
 */
public final class QueueWorkerProcess {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[2]);
        int batch = Integer.parseInt(args[3]);
        int stopAfter = Integer.parseInt(args[4]);
        WorkQueue queue = RedisStreamQueue.connect(args[0], args[1], "renderers", 3);
        Deliveries deliveries = new Deliveries(queue, "doomed", batch, Duration.ofHours(1), Duration.ofMillis(20),
                n -> { }, n -> { });
        int done = 0;
        for (WorkQueue.Delivery d : deliveries.flux().toIterable(1)) {
            Files.writeString(dir.resolve(d.fields().get("variant")), d.id());
            if (done == stopAfter) {
                System.out.println("stalled");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            queue.ack(d.id()).block();
            done++;
        }
    }
}
