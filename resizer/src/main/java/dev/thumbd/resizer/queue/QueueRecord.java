package dev.thumbd.resizer.queue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** One change of {@link JournaledQueue}, as its {@link Journal} holds it. */
sealed interface QueueRecord permits QueueRecord.Append, QueueRecord.Deliver, QueueRecord.Ack, QueueRecord.Dead {

    String id();

    record Append(String id, Map<String, String> fields) implements QueueRecord {
    }

    record Deliver(String id, long deliveries) implements QueueRecord {
    }

    record Ack(String id) implements QueueRecord {
    }

    record Dead(String id, long deliveries) implements QueueRecord {
    }

    /** An op byte, the id, then what the op carries. */
    Journal.Codec<QueueRecord> CODEC = new Journal.Codec<>() {
        @Override
        public void encode(QueueRecord e, DataOutputStream out) throws IOException {
            switch (e) {
                case Append a -> {
                    out.writeByte('A');
                    out.writeUTF(a.id());
                    out.writeInt(a.fields().size());
                    for (Map.Entry<String, String> f : a.fields().entrySet()) {
                        out.writeUTF(f.getKey());
                        out.writeUTF(f.getValue());
                    }
                }
                case Deliver d -> {
                    out.writeByte('D');
                    out.writeUTF(d.id());
                    out.writeLong(d.deliveries());
                }
                case Ack k -> {
                    out.writeByte('K');
                    out.writeUTF(k.id());
                }
                case Dead x -> {
                    out.writeByte('X');
                    out.writeUTF(x.id());
                    out.writeLong(x.deliveries());
                }
            }
        }

        @Override
        public QueueRecord decode(DataInputStream in) throws IOException {
            int op = in.readByte();
            String id = in.readUTF();
            return switch (op) {
                case 'A' -> {
                    int n = in.readInt();
                    if (n < 0 || n > Journal.MAX_RECORD) {
                        throw new EOFException("field count " + n);
                    }
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        fields.put(in.readUTF(), in.readUTF());
                    }
                    yield new Append(id, fields);
                }
                case 'D' -> new Deliver(id, in.readLong());
                case 'K' -> new Ack(id);
                case 'X' -> new Dead(id, in.readLong());
                default -> throw new IOException("unknown record " + op);
            };
        }
    };
}
