package dev.thumbd.resizer.jobs;

import dev.thumbd.resizer.queue.Journal;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One change of {@link JournaledJobLedger}, as its journal holds it; {@code at}: when (epoch milliseconds). */
sealed interface LedgerRecord permits LedgerRecord.Create, LedgerRecord.Done, LedgerRecord.Failed,
        LedgerRecord.Cancel, LedgerRecord.Notified {

    String id();

    long at();

    record Create(String id, String variantSet, int total, Instant created, @Nullable String notifyUrl, long at)
            implements LedgerRecord {
    }

    record Done(String id, String variant, long at) implements LedgerRecord {
    }

    record Failed(String id, JobStatus.Failure failure, long at) implements LedgerRecord {
    }

    record Cancel(String id, long at) implements LedgerRecord {
    }

    /** The job's completion notification was handed to the queue. */
    record Notified(String id, long at) implements LedgerRecord {
    }

    /** An op byte, the id, the time, then what the op carries (strings as modified UTF-8). */
    Journal.Codec<LedgerRecord> CODEC = new Journal.Codec<>() {
        @Override
        public void encode(LedgerRecord r, DataOutputStream out) throws IOException {
            switch (r) {
                case Create c -> {
                    head(out, 'C', r);
                    out.writeUTF(c.variantSet());
                    out.writeInt(c.total());
                    out.writeLong(c.created().getEpochSecond());
                    out.writeInt(c.created().getNano());
                    out.writeUTF(c.notifyUrl() == null ? "" : c.notifyUrl());
                }
                case Done d -> {
                    head(out, 'D', r);
                    out.writeUTF(d.variant());
                }
                case Failed f -> {
                    head(out, 'F', r);
                    out.writeUTF(f.failure().key());
                    out.writeUTF(f.failure().variant());
                    out.writeUTF(f.failure().type());
                    out.writeInt(f.failure().status());
                    out.writeUTF(f.failure().detail());
                }
                case Cancel c -> head(out, 'X', r);
                case Notified n -> head(out, 'N', r);
            }
        }

        private static void head(DataOutputStream out, char op, LedgerRecord r) throws IOException {
            out.writeByte(op);
            out.writeUTF(r.id());
            out.writeLong(r.at());
        }

        @Override
        public LedgerRecord decode(DataInputStream in) throws IOException {
            int op = in.readByte();
            String id = in.readUTF();
            long at = in.readLong();
            return switch (op) {
                case 'C' -> {
                    String set = in.readUTF();
                    int total = in.readInt();
                    Instant created = Instant.ofEpochSecond(in.readLong(), in.readInt());
                    String notify = in.readUTF();
                    yield new Create(id, set, total, created, notify.isEmpty() ? null : notify, at);
                }
                case 'D' -> new Done(id, in.readUTF(), at);
                case 'F' -> {
                    String key = in.readUTF();
                    String variant = in.readUTF();
                    String type = in.readUTF();
                    int status = in.readInt();
                    yield new Failed(id, new JobStatus.Failure(key, variant, type, status, in.readUTF()), at);
                }
                case 'X' -> new Cancel(id, at);
                case 'N' -> new Notified(id, at);
                default -> throw new IOException("unknown record " + op);
            };
        }
    };
}
