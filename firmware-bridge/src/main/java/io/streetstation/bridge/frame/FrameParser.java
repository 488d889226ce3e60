package io.streetstation.bridge.frame;

import io.streetstation.bridge.link.LinkCounters;
import java.util.Objects;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Turns a byte stream, in chunks of any size, into {@link ParseResult}s: the receive side of
 * PROTOCOL.md §2. Memory is bounded by one stuffed frame ({@link FrameCodec#MAX_ENCODED} bytes)
 * whatever arrives; no input makes it throw.
 *
 * <pre>
 *            data                      data (fits)
 *          +------+                  +-------------+
 *          v      |      data (fits) v             |
 *   ( Hunting ) --+--> ( Idle ) --------------> ( Collecting )
 *          |   0x00      ^  ^ |0x00 (empty:          |   |  0x00: decode -> Parsed | Malformed
 *          +-------------+  | |  ignored)            |   +------------------------------> Idle
 *                           | +---+                  | data (overflow)
 *                           |     |                  v
 *                           +-- ( Discarding ) <-----+   data: drop
 *                 0x00: Malformed(TOO_LONG)
 * </pre>
 *
 * <p>{@code Hunting} is the state after start and {@link #reset()} (link reconnected): bytes
 * before the first delimiter belong to a frame we joined in the middle, so they are skipped
 * without counting an error. Every other bad input is counted once, in
 * {@link LinkCounters#frameError()} and per kind in {@link #errors()}, and reported to the sink.
 *
 * <p>Not thread-safe: fed by one link reader thread.
 */
public final class FrameParser {

    private static final TaggedLogger LOG = Logger.tag("frame");

    /** Where the parser is between two chunks. */
    public sealed interface State permits Hunting, Idle, Collecting, Discarding {
    }

    /** Skipping to the first delimiter; {@code skipped} bytes so far. */
    public record Hunting(long skipped) implements State {
    }

    /** Just after a delimiter, nothing collected. */
    public record Idle() implements State {
    }

    /** Collecting a stuffed frame; {@code length} bytes so far, at most {@code MAX_ENCODED}. */
    public record Collecting(int length) implements State {
    }

    /** Input exceeded the maximum frame; dropping until the next delimiter. */
    public record Discarding(long length) implements State {
    }

    /** Inputs of the machine: a run of non-zero bytes, or a delimiter. */
    sealed interface Event permits Data, Delimiter {
    }

    record Data(int length) implements Event {
    }

    record Delimiter() implements Event {
    }

    /** What to do with the bytes of the event. */
    enum Action { SKIP, APPEND, DROP, DECODE, REPORT_TOO_LONG, NONE }

    record Step(State next, Action action) {
    }

    private record Input(State state, Event event) {
    }

    private static final Idle IDLE = new Idle();
    private static final Delimiter DELIMITER = new Delimiter();

    /**
     * The transition table: pure, one row per (state, event).
     *
     * @param capacity largest stuffed frame, bytes
     */
    static Step next(State state, Event event, int capacity) {
        return switch (new Input(state, event)) {
            case Input(Hunting h, Data d) -> new Step(new Hunting(h.skipped() + d.length()), Action.SKIP);
            case Input(Hunting h, Delimiter x) -> new Step(IDLE, Action.NONE);
            case Input(Idle i, Data d) when d.length() <= capacity ->
                    new Step(new Collecting(d.length()), Action.APPEND);
            case Input(Idle i, Data d) -> new Step(new Discarding(d.length()), Action.DROP);
            case Input(Idle i, Delimiter x) -> new Step(IDLE, Action.NONE);
            case Input(Collecting c, Data d) when c.length() + d.length() <= capacity ->
                    new Step(new Collecting(c.length() + d.length()), Action.APPEND);
            case Input(Collecting c, Data d) ->
                    new Step(new Discarding((long) c.length() + d.length()), Action.DROP);
            case Input(Collecting c, Delimiter x) -> new Step(IDLE, Action.DECODE);
            case Input(Discarding g, Data d) -> new Step(new Discarding(g.length() + d.length()), Action.DROP);
            case Input(Discarding g, Delimiter x) -> new Step(IDLE, Action.REPORT_TOO_LONG);
        };
    }

    private final LinkCounters linkCounters;
    private final FrameErrorCounters errors = new FrameErrorCounters();
    private final Consumer<ParseResult> sink;
    private final byte[] stuffed = new byte[FrameCodec.MAX_ENCODED];
    private final byte[] raw = new byte[FrameCodec.MAX_ENCODED];
    private State state = new Hunting(0);

    /**
     * @param linkCounters the link's counters: valid frames count as {@code frameIn}, bad ones as
     *     {@code frameError}
     * @param sink receives every result, on the calling thread; must not throw
     */
    public FrameParser(LinkCounters linkCounters, Consumer<ParseResult> sink) {
        this.linkCounters = Objects.requireNonNull(linkCounters, "linkCounters");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Feeds {@code buf[off, off+len)}; results go to the sink before this returns. */
    public void accept(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int end = off + len;
        int runStart = off;
        for (int i = off; i < end; i++) {
            if (buf[i] == 0) {
                if (i > runStart) {
                    fire(new Data(i - runStart), buf, runStart);
                }
                fire(DELIMITER, buf, i);
                runStart = i + 1;
            }
        }
        if (end > runStart) {
            fire(new Data(end - runStart), buf, runStart);
        }
    }

    /** Back to hunting for a delimiter, e.g. after the link reconnected mid-frame. */
    public void reset() {
        state = new Hunting(0);
    }

    public State state() {
        return state;
    }

    /** Per-kind error counts of this parser. */
    public FrameErrorCounters errors() {
        return errors;
    }

    private void fire(Event event, byte[] buf, int at) {
        State before = state;
        Step step = next(before, event, stuffed.length);
        state = step.next();
        switch (step.action()) {
            case SKIP -> errors.skipped(((Data) event).length());
            case APPEND -> {
                int have = before instanceof Collecting c ? c.length() : 0;
                System.arraycopy(buf, at, stuffed, have, ((Data) event).length());
            }
            case DECODE -> decode(((Collecting) before).length());
            case REPORT_TOO_LONG -> report(new ParseResult.Malformed(FrameError.TOO_LONG,
                    "no delimiter within " + stuffed.length + " bytes ("
                            + ((Discarding) before).length() + " dropped)",
                    (int) Math.min(Integer.MAX_VALUE, ((Discarding) before).length())));
            case DROP, NONE -> {
            }
        }
    }

    private void decode(int length) {
        int n = Cobs.decode(stuffed, 0, length, raw, 0);
        if (n < 0) {
            report(new ParseResult.Malformed(FrameError.BAD_COBS, "COBS code runs past the end of "
                    + length + " bytes", length));
            return;
        }
        report(FrameCodec.decode(raw, 0, n));
    }

    private void report(ParseResult result) {
        switch (result) {
            case ParseResult.Parsed p -> {
                linkCounters.frameIn();
                LOG.trace("parsed {}", p.frame());
            }
            case ParseResult.Malformed m -> {
                linkCounters.frameError();
                errors.count(m.error());
                LOG.debug("bad frame: {} ({}, {} bytes)", m.error(), m.detail(), m.length());
            }
        }
        sink.accept(result);
    }
}
