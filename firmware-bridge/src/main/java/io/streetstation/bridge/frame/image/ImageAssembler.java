package io.streetstation.bridge.frame.image;

import io.streetstation.bridge.frame.NakReason;
import io.streetstation.bridge.frame.Verdict;
import io.streetstation.bridge.frame.msg.CaptureRecord;
import io.streetstation.bridge.frame.msg.ImageChunk;
import io.streetstation.bridge.time.StationClock;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Reassembles the JPEG of a {@link CaptureRecord} from its {@link ImageChunk}s and verifies its
 * SHA-256 (PROTOCOL.md §5.4). Memory is bounded: at most {@link Limits#maxConcurrent()} captures
 * at once, each at most {@link Limits#maxImageBytes()}; an unfinished capture is dropped after
 * {@link Limits#timeout()} on the injected clock.
 *
 * <p>{@link #begin} and {@link #accept} return the {@link Verdict} a frame handler answers with;
 * finished or failed captures go to the sink as {@link Outcome}s, on the thread that completed
 * them (the reader thread, or the clock thread for a timeout). Thread-safe.
 */
public final class ImageAssembler {

    private static final TaggedLogger LOG = Logger.tag("frame");

    /**
     * @param maxImageBytes largest image accepted, 1..{@link CaptureRecord#MAX_IMAGE} bytes
     * @param maxConcurrent captures assembled at once, 1..64
     * @param timeout from record to last chunk, 1 ms..10 min (spec default 30 s)
     */
    public record Limits(long maxImageBytes, int maxConcurrent, Duration timeout) {
        public Limits {
            if (maxImageBytes < 1 || maxImageBytes > CaptureRecord.MAX_IMAGE) {
                throw new IllegalArgumentException("max image " + maxImageBytes + " out of range 1.."
                        + CaptureRecord.MAX_IMAGE);
            }
            if (maxConcurrent < 1 || maxConcurrent > 64) {
                throw new IllegalArgumentException("max concurrent " + maxConcurrent + " out of range 1..64");
            }
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("timeout " + timeout + " out of range (0, 10 min]");
            }
        }

        /** 4 MiB, 4 captures, 30 s. */
        public static Limits defaults() {
            return new Limits(CaptureRecord.MAX_IMAGE, 4, Duration.ofSeconds(30));
        }
    }

    /** Why a capture produced no image. */
    public enum Failure {
        /** All chunks arrived but their SHA-256 differs from the record's. */
        HASH_MISMATCH,
        /** Chunks were still missing when the timeout fell due. */
        TIMED_OUT,
        /** The record announced more than {@link Limits#maxImageBytes()}. */
        TOO_LARGE
    }

    /** What became of a capture. */
    public sealed interface Outcome {
        int source();

        CaptureRecord record();
    }

    /** Complete and verified; {@code jpeg} is empty when the record announced no image. */
    public record Assembled(int source, CaptureRecord record, byte[] jpeg) implements Outcome {
    }

    /** No image; the record itself is still valid ("image missing"). */
    public record Failed(int source, CaptureRecord record, Failure failure, String detail)
            implements Outcome {
    }

    private record Key(int source, long captureId) {
    }

    private final class Assembly {
        final Key key;
        final CaptureRecord record;
        final byte[][] chunks;
        long bytes;
        int received;
        StationClock.Timer deadline;

        Assembly(Key key, CaptureRecord record) {
            this.key = key;
            this.record = record;
            this.chunks = new byte[record.chunkCount()][];
        }

        List<Integer> missing() {
            return IntStream.range(0, chunks.length).filter(i -> chunks[i] == null).boxed().toList();
        }
    }

    private final StationClock clock;
    private final Limits limits;
    private final Consumer<Outcome> sink;
    private final Map<Key, Assembly> open = new HashMap<>();

    public ImageAssembler(StationClock clock, Limits limits, Consumer<Outcome> sink) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Opens the assembly of {@code record} from {@code source}; the verdict answers the record. */
    public Verdict begin(int source, CaptureRecord record) {
        List<Outcome> done = new ArrayList<>(1);
        Verdict v;
        synchronized (this) {
            Key key = new Key(source, record.captureId());
            Assembly existing = open.get(key);
            if (existing != null) {
                v = existing.record.equals(record) ? Verdict.accepted()
                        : Verdict.refused("capture " + record.captureId() + " already in progress");
            } else if (record.imageLength() == 0) {
                done.add(new Assembled(source, record, new byte[0]));
                v = Verdict.accepted();
            } else if (record.imageLength() > limits.maxImageBytes()) {
                String why = String.format("capture %d: image %d B > limit %d B", record.captureId(),
                        record.imageLength(), limits.maxImageBytes());
                done.add(new Failed(source, record, Failure.TOO_LARGE, why));
                v = Verdict.refused(why);
            } else if (open.size() >= limits.maxConcurrent()) {
                v = Verdict.busy(open.size() + " captures already being assembled");
            } else {
                Assembly a = new Assembly(key, record);
                open.put(key, a);
                // expiring hands a failed capture to the sink: not work for the clock's timer thread
                a.deadline = clock.scheduleOffTimer(limits.timeout(), () -> expire(a));
                v = Verdict.accepted();
            }
        }
        done.forEach(sink);
        return v;
    }

    /** Adds a chunk; the verdict answers the chunk (a hash mismatch is an outcome, not a NAK). */
    public Verdict accept(int source, ImageChunk chunk) {
        List<Outcome> done = new ArrayList<>(1);
        Verdict v;
        synchronized (this) {
            Assembly a = open.get(new Key(source, chunk.captureId()));
            v = a == null ? Verdict.refused("unknown capture " + chunk.captureId())
                    : add(a, chunk, done);
        }
        done.forEach(sink);
        return v;
    }

    private Verdict add(Assembly a, ImageChunk chunk, List<Outcome> done) {
        byte[] data = chunk.data();
        if (chunk.count() != a.chunks.length) {
            return bad(String.format("capture %d: chunk count %d, record says %d",
                    chunk.captureId(), chunk.count(), a.chunks.length));
        }
        byte[] have = a.chunks[chunk.index()];
        if (have != null) {
            return Arrays.equals(have, data) ? Verdict.accepted()
                    : bad(String.format("capture %d: chunk %d differs from its first copy",
                    chunk.captureId(), chunk.index()));
        }
        if (a.bytes + data.length > a.record.imageLength()) {
            return bad(String.format("capture %d: chunk %d overflows image length %d",
                    chunk.captureId(), chunk.index(), a.record.imageLength()));
        }
        a.chunks[chunk.index()] = data;
        a.bytes += data.length;
        a.received++;
        if (a.received == a.chunks.length) {
            open.remove(a.key);
            a.deadline.cancel();
            done.add(finish(a));
        }
        return Verdict.accepted();
    }

    private static Verdict bad(String detail) {
        return new Verdict.Refused(NakReason.BAD_PAYLOAD, detail);
    }

    private Outcome finish(Assembly a) {
        byte[] jpeg = new byte[(int) a.bytes];
        int at = 0;
        for (byte[] c : a.chunks) {
            System.arraycopy(c, 0, jpeg, at, c.length);
            at += c.length;
        }
        if (jpeg.length != a.record.imageLength()) {
            return fail(a, Failure.HASH_MISMATCH, String.format("capture %d: %d bytes, record says %d",
                    a.record.captureId(), jpeg.length, a.record.imageLength()));
        }
        byte[] sha = sha256(jpeg);
        if (!MessageDigest.isEqual(sha, a.record.sha256())) {
            return fail(a, Failure.HASH_MISMATCH, String.format(
                    "capture %d from 0x%02X: SHA-256 %s, record says %s", a.record.captureId(),
                    a.key.source(), hex(sha), hex(a.record.sha256())));
        }
        LOG.debug("capture {} from 0x{}: {} bytes verified", a.record.captureId(),
                Integer.toHexString(a.key.source()), jpeg.length);
        return new Assembled(a.key.source(), a.record, jpeg);
    }

    private Failed fail(Assembly a, Failure f, String detail) {
        LOG.warn("image dropped: {}", detail);
        return new Failed(a.key.source(), a.record, f, detail);
    }

    private void expire(Assembly a) {
        Outcome o;
        synchronized (this) {
            if (open.get(a.key) != a) {
                return;
            }
            open.remove(a.key);
            List<Integer> missing = a.missing();
            o = fail(a, Failure.TIMED_OUT, String.format(
                    "capture %d from 0x%02X: %d of %d chunks missing after %d ms: %s",
                    a.record.captureId(), a.key.source(), missing.size(), a.chunks.length,
                    limits.timeout().toMillis(), missing.size() > 20
                            ? missing.subList(0, 20) + "..." : missing));
        }
        sink.accept(o);
    }

    /** Captures being assembled now. */
    public synchronized int inProgress() {
        return open.size();
    }

    /** SHA-256 of {@code data}; for cameras (and their simulators) building records. */
    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Splits {@code jpeg} into chunks of at most {@link ImageChunk#MAX_DATA} bytes, for cameras. */
    public static List<ImageChunk> split(long captureId, byte[] jpeg) {
        int count = (jpeg.length + ImageChunk.MAX_DATA - 1) / ImageChunk.MAX_DATA;
        List<ImageChunk> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * ImageChunk.MAX_DATA;
            out.add(new ImageChunk(captureId, i, count,
                    Arrays.copyOfRange(jpeg, from, Math.min(jpeg.length, from + ImageChunk.MAX_DATA))));
        }
        return out;
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b, 0, 8) + "...";
    }
}
