package io.streetstation.bridge.frame;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A handler's answer to a message: accepted (ACK), or refused with a reason (NAK). It answers
 * "will you do it?", not "is it done?" — completion shows in later state messages.
 */
public sealed interface Verdict {

    Verdict ACCEPTED = new Accepted();

    record Accepted() implements Verdict {
    }

    /**
     * Refused. Handlers use {@code BUSY}, {@code REFUSED}, or {@code BAD_PAYLOAD} for content that
     * is valid field by field but inconsistent with what the receiver knows (a chunk count that
     * differs from its record).
     */
    record Refused(NakReason reason, String detail) implements Verdict {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * Answered later, when {@code later} completes (with Accepted or Refused): for a message whose
     * ACK must mean more than "received", such as a capture's last chunk, ACKed only once the
     * capture is stored durably. The reader thread does not wait; a repeat of the frame meanwhile
     * gets no answer (the sender's retry finds the answer once it is known). A {@code later} that
     * fails, or yields another Deferred, is answered NAK {@code REFUSED}.
     */
    record Deferred(CompletionStage<Verdict> later) implements Verdict {
        public Deferred {
            Objects.requireNonNull(later, "later");
        }
    }

    static Verdict accepted() {
        return ACCEPTED;
    }

    /** An interlock or rule says no ("E-stop latched"). */
    static Verdict refused(String detail) {
        return new Refused(NakReason.REFUSED, detail);
    }

    /** Not now; the sender may try again later. */
    static Verdict busy(String detail) {
        return new Refused(NakReason.BUSY, detail);
    }
}
