package io.streetstation.bridge.frame;

import java.util.Map;

/**
 * Counters of one {@link FrameEndpoint} at one moment (PROTOCOL.md §6).
 *
 * @param sent data frames sent (first transmissions)
 * @param retransmissions repeated transmissions after an ACK timeout
 * @param acked sends completed by an ACK
 * @param nakedByPeer sends refused by the peer's NAK
 * @param timedOut sends failed after all retries
 * @param unmatchedAnswers ACK/NAKs for no pending send (late, duplicated)
 * @param acksSent ACKs this endpoint sent, repeats for duplicates included
 * @param naksSent NAKs this endpoint sent
 * @param delivered messages handed to the handler
 * @param duplicates data frames suppressed as duplicates
 * @param unknownTypes frames of a type not in the catalogue
 * @param badPayloads frames whose payload did not decode
 * @param noSession data frames refused for want of a session
 * @param notForUs valid frames addressed to another node
 * @param handlerFailures handler calls that threw
 * @param deferredAnswers messages whose answer waited for the handler's later verdict
 * @param frameErrors bad frames by kind, from the parser
 */
public record EndpointStatistics(long sent, long retransmissions, long acked, long nakedByPeer,
                                 long timedOut, long unmatchedAnswers, long acksSent, long naksSent,
                                 long delivered, long duplicates, long unknownTypes,
                                 long badPayloads, long noSession, long notForUs,
                                 long handlerFailures, long deferredAnswers, Map<FrameError, Long> frameErrors) {
}
