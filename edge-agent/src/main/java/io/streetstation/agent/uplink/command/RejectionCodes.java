package io.streetstation.agent.uplink.command;

/**
 * The stable codes a rejected command's reply starts with ({@code "signature.bad: ..."}). Central
 * and operators match on these, so they never change meaning; new ones may be added.
 */
public final class RejectionCodes {

    /** Not JSON, not an object, larger than 64 KiB, or off the schema (types, fields, patterns). */
    public static final String MALFORMED = "malformed";
    /** Addressed to another station. */
    public static final String STATION_WRONG = "station.wrong";
    /** The key id is not configured on this station. */
    public static final String KEY_UNKNOWN = "key.unknown";
    /** The command's alg is not the algorithm of the configured key (no algorithm confusion). */
    public static final String ALG_MISMATCH = "alg.mismatch";
    /** Does not verify, is not base64, or has the wrong length for the algorithm. */
    public static final String SIGNATURE_BAD = "signature.bad";
    /** Issued further in the station's future than the allowed clock skew. */
    public static final String TIME_NOT_YET_VALID = "time.not-yet-valid";
    /** expiresAt is now or past. */
    public static final String TIME_EXPIRED = "time.expired";
    /** expiresAt is not after issuedAt. */
    public static final String TIME_ORDER = "time.order";
    /** expiresAt − issuedAt exceeds the configured longest lifetime (which bounds the replay cache). */
    public static final String TIME_LIFETIME = "time.lifetime";
    /** The key may not claim the command's declared scope. */
    public static final String SCOPE_DENIED = "scope.denied";
    /** The nonce (or the command id) was seen before with another command. */
    public static final String REPLAYED = "replayed";

    // decided by the command registry, after this package let the command through
    /** No such command name. */
    public static final String COMMAND_UNKNOWN = "command.unknown";
    /** No such target device on this station. */
    public static final String TARGET_UNKNOWN = "target.unknown";
    /** The params do not fit the command. */
    public static final String PARAMS_INVALID = "params.invalid";
    /** The command needs a higher scope than the one declared. */
    public static final String SCOPE_INSUFFICIENT = "scope.insufficient";

    private RejectionCodes() {
    }
}
