package io.streetstation.bridge.frame;

import static io.streetstation.bridge.frame.SessionMachine.Action.NOTIFY;
import static io.streetstation.bridge.frame.SessionMachine.Action.REJECTED;
import static io.streetstation.bridge.frame.SessionMachine.Action.RESET_DEDUPE;
import static io.streetstation.bridge.frame.SessionMachine.Action.RETRY_HELLO_LATER;
import static io.streetstation.bridge.frame.SessionMachine.Action.SEND_HELLO;
import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.bridge.frame.SessionMachine.Down;
import io.streetstation.bridge.frame.SessionMachine.Established;
import io.streetstation.bridge.frame.SessionMachine.Handshaking;
import io.streetstation.bridge.frame.SessionMachine.Incompatible;
import io.streetstation.bridge.frame.SessionMachine.Step;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import org.junit.jupiter.api.Test;

/** One test per transition of the session machine. */
class SessionMachineTest {

    static final PeerIdentity BOOT_A = RawPeer.nestIdentity(0xA);
    static final PeerIdentity BOOT_B = RawPeer.nestIdentity(0xB);

    static Step step(SessionMachine.State s, SessionMachine.Event e, long known) {
        return SessionMachine.next(s, e, known);
    }

    @Test
    void down_linkUp_handshakes() {
        assertThat(step(new Down("x"), new SessionMachine.LinkUp(), 0))
                .isEqualTo(Step.of(new Handshaking(), SEND_HELLO));
    }

    @Test
    void anyState_linkDown_goesDown() {
        assertThat(step(new Established(1, BOOT_A), new SessionMachine.LinkDown("unplugged"), 0xA))
                .isEqualTo(Step.of(new Down("unplugged"), NOTIFY));
    }

    @Test
    void handshaking_helloAnswered_firstBoot_establishesAndResetsDedupe() {
        assertThat(step(new Handshaking(), new SessionMachine.HelloAnswered(1, BOOT_A), 0))
                .isEqualTo(Step.of(new Established(1, BOOT_A), RESET_DEDUPE, NOTIFY));
    }

    @Test
    void established_helloReceived_sameBoot_keepsDedupe() {
        assertThat(step(new Established(1, BOOT_A), new SessionMachine.HelloReceived(1, BOOT_A), 0xA))
                .isEqualTo(Step.of(new Established(1, BOOT_A), NOTIFY));
    }

    @Test
    void established_helloReceived_newBoot_resetsDedupe() {
        assertThat(step(new Established(1, BOOT_A), new SessionMachine.HelloReceived(1, BOOT_B), 0xA))
                .isEqualTo(Step.of(new Established(1, BOOT_B), RESET_DEDUPE, NOTIFY));
    }

    @Test
    void anyState_versionMismatch_isIncompatible() {
        assertThat(step(new Handshaking(), new SessionMachine.VersionMismatch("2..3"), 0))
                .isEqualTo(Step.of(new Incompatible("2..3"), NOTIFY));
    }

    @Test
    void handshaking_helloFailed_retriesLater() {
        assertThat(step(new Handshaking(), new SessionMachine.HelloFailed("no answer"), 0))
                .isEqualTo(Step.of(new Handshaking(), RETRY_HELLO_LATER));
    }

    @Test
    void established_staleHelloFailed_isIgnored() {
        assertThat(step(new Established(1, BOOT_A), new SessionMachine.HelloFailed("late"), 0xA))
                .isEqualTo(Step.of(new Established(1, BOOT_A)));
    }

    @Test
    void established_peerLostSession_handshakesAgain() {
        assertThat(step(new Established(1, BOOT_A), new SessionMachine.PeerLostSession(), 0xA))
                .isEqualTo(Step.of(new Handshaking(), SEND_HELLO, NOTIFY));
    }

    @Test
    void handshaking_peerLostSession_isRejected() {
        assertThat(step(new Handshaking(), new SessionMachine.PeerLostSession(), 0))
                .isEqualTo(Step.of(new Handshaking(), REJECTED));
    }

    @Test
    void incompatible_linkUp_staysIncompatible_untilThePeerGreetsAgain() {
        assertThat(step(new Incompatible("x"), new SessionMachine.LinkUp(), 0))
                .isEqualTo(Step.of(new Incompatible("x")));
        assertThat(step(new Incompatible("x"), new SessionMachine.HelloReceived(1, BOOT_B), 0xA).next())
                .isEqualTo(new Established(1, BOOT_B));
    }
}
