package io.streetstation.bridge.link;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

/**
 * A fault a simulated device applies to each chunk it writes, before the bytes reach the wire:
 * the way a noisy RS-485 line or a flaky radio spoils traffic. Used by {@link
 * VirtualSerialCable#outboundFault(ChunkFault)}.
 *
 * <p>A chunk is what one {@link Link#write} call sends. Faults may keep state (see
 * {@link #once(ChunkFault)}); they are called under the writer's lock, one chunk at a time.
 */
@FunctionalInterface
public interface ChunkFault {

    /** Bytes pass unchanged. */
    ChunkFault NONE = chunk -> chunk;

    /**
     * @param chunk a private copy the fault may change in place
     * @return the bytes to put on the wire instead (any length), or null to lose the whole chunk
     */
    byte[] apply(byte[] chunk);

    /** Every chunk is lost. */
    static ChunkFault drop() {
        return chunk -> null;
    }

    /**
     * Flips the bits of {@code xorMask} in the byte at {@code index} of each chunk (chunks shorter
     * than {@code index + 1} pass unchanged).
     *
     * @param index byte position in the chunk, 0..
     * @param xorMask bits to flip, 1..255
     */
    static ChunkFault corrupt(int index, int xorMask) {
        if (index < 0) {
            throw new IllegalArgumentException("corrupt index must be >= 0, was " + index);
        }
        if (xorMask < 1 || xorMask > 0xff) {
            throw new IllegalArgumentException("corrupt xorMask must be within 1..255, was " + xorMask);
        }
        return chunk -> {
            if (index < chunk.length) {
                chunk[index] ^= (byte) xorMask;
            }
            return chunk;
        };
    }

    /** Every chunk goes out twice, back to back. */
    static ChunkFault duplicate() {
        return chunk -> {
            byte[] twice = new byte[chunk.length * 2];
            System.arraycopy(chunk, 0, twice, 0, chunk.length);
            System.arraycopy(chunk, 0, twice, chunk.length, chunk.length);
            return twice;
        };
    }

    /** {@code fault} on the next chunk only; later chunks pass unchanged. */
    static ChunkFault once(ChunkFault fault) {
        Objects.requireNonNull(fault, "fault");
        AtomicBoolean used = new AtomicBoolean();
        return chunk -> used.compareAndSet(false, true) ? fault.apply(chunk) : chunk;
    }

    /**
     * {@code fault} on each chunk with {@code probability}, for soak runs; seed the generator to
     * make a run repeatable.
     *
     * @param probability 0.0..1.0
     */
    static ChunkFault sometimes(double probability, RandomGenerator random, ChunkFault fault) {
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("probability must be within 0.0..1.0, was " + probability);
        }
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(fault, "fault");
        return chunk -> random.nextDouble() < probability ? fault.apply(chunk) : chunk;
    }

    /**
     * Line noise for soak runs: each chunk is lost with {@code dropProbability}, or else has one
     * random byte flipped with {@code corruptProbability}; both 0 is {@link #NONE}. Seed the
     * generator to make a run repeatable.
     */
    static ChunkFault noise(double dropProbability, double corruptProbability, RandomGenerator random) {
        if (!(dropProbability >= 0 && corruptProbability >= 0 && dropProbability + corruptProbability <= 1.0)) {
            throw new IllegalArgumentException("noise probabilities must be ≥ 0 and add up to at most 1, were "
                    + dropProbability + " and " + corruptProbability);
        }
        Objects.requireNonNull(random, "random");
        if (dropProbability == 0 && corruptProbability == 0) {
            return NONE;
        }
        return chunk -> {
            double r = random.nextDouble();
            if (r < dropProbability) {
                return null;
            }
            if (r < dropProbability + corruptProbability && chunk.length > 0) {
                chunk[random.nextInt(chunk.length)] ^= (byte) (1 + random.nextInt(255));
            }
            return chunk;
        };
    }
}
