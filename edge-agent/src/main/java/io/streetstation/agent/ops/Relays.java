package io.streetstation.agent.ops;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** What the {@link Scheduler} needs of the fleet: start a relay, call everyone home, see which relay runs. */
public interface Relays {

    CompletionStage<Fleet.Answer> startRelay(PatrolRoute route);

    CompletionStage<Fleet.Answer> returnAll(String reason);

    /** The route of the relay running now, if one is. */
    Optional<String> relayRoute();
}
