package io.streetstation.agent.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void aFailureSeenThroughADependentStage_isToldByItsOwnCause() {
        CompletableFuture<Void> failed = CompletableFuture.failedFuture(new IOException("disk full"));
        Throwable[] seen = new Throwable[1];
        failed.thenRun(() -> { }).whenComplete((v, e) -> seen[0] = e);

        assertThat(seen[0]).isInstanceOf(CompletionException.class);
        assertThat(Failures.cause(seen[0])).isInstanceOf(IOException.class);
        assertThat(Failures.reason(seen[0])).isEqualTo("disk full");
    }

    @Test
    void withoutAMessage_theReasonIsTheCausesName_andNothingIsUnwrappedThatIsNotAWrapper() {
        assertThat(Failures.reason(new CompletionException(new IllegalStateException()))).isEqualTo("java.lang.IllegalStateException");
        CompletionException bare = new CompletionException("no cause", null);
        assertThat(Failures.cause(bare)).isSameAs(bare);
        IllegalStateException plain = new IllegalStateException("plain", new IOException("under"));
        assertThat(Failures.cause(plain)).isSameAs(plain);
        assertThat(Failures.cause(null)).isNull();
    }
}
