package io.streetstation.bridge.mavlink;

/**
 * Counters of one endpoint at one moment. Every byte the link delivered ends up in exactly one
 * place: noise (skipped while hunting for a start byte), a rejected frame candidate (one byte per
 * CRC error, unknown id or bad incompat flags: the parser resumes one byte after a rejected start,
 * so a false start never swallows the next real frame), an accepted frame, or still pending.
 *
 * @param bytesIn          bytes handed to the parser
 * @param noiseBytes       bytes skipped before a start byte (0xFD/0xFE)
 * @param pendingBytes     bytes held waiting for the rest of a frame
 * @param frameBytes       bytes of CRC-valid frames (whatever happened to them afterwards)
 * @param framesV1         CRC-valid MAVLink 1 frames
 * @param framesV2         CRC-valid MAVLink 2 frames
 * @param crcErrors        frame candidates whose CRC did not match
 * @param unknownIds       frame candidates with a message id the dialect does not know (no CRC_EXTRA)
 * @param badIncompatFlags MAVLink 2 frame candidates with incompat flags other than "signed"
 * @param badSignatures    signed frames whose signature did not verify
 * @param replayed         signed frames with a timestamp not newer than the last one of their stream
 * @param staleTimestamps  signed frames more than 60 s behind the local signing timestamp
 * @param unsignedRejected unsigned frames refused by the unsigned-frame policy
 * @param signedUnverified signed frames accepted without a check because no key is configured
 * @param lostPackets      sequence-number gaps summed over all (sysid, compid)
 * @param duplicates       frames repeating the previous sequence number of their (sysid, compid)
 * @param filtered         valid frames of message ids nobody subscribed to (not decoded; not errors)
 * @param decoded          frames decoded and handed on
 * @param decodeErrors     frames the decoder failed on
 * @param deliveryErrors   frames whose consumer threw
 * @param framesOut        frames written to the link
 * @param sendErrors       frames that could not be written (link down)
 */
public record MavlinkStatistics(long bytesIn, long noiseBytes, long pendingBytes, long frameBytes,
                                long framesV1,
                                long framesV2, long crcErrors, long unknownIds, long badIncompatFlags,
                                long badSignatures, long replayed, long staleTimestamps,
                                long unsignedRejected, long signedUnverified, long lostPackets,
                                long duplicates, long filtered, long decoded, long decodeErrors,
                                long deliveryErrors, long framesOut, long sendErrors) {

    /** CRC-valid frames of either version. */
    public long framesIn() {
        return framesV1 + framesV2;
    }

    /** Frame candidates rejected by the parser (one start byte each). */
    public long rejectedCandidates() {
        return crcErrors + unknownIds + badIncompatFlags;
    }

    /** Valid frames dropped by the signing checks. */
    public long signingRejects() {
        return badSignatures + replayed + staleTimestamps + unsignedRejected;
    }
}
