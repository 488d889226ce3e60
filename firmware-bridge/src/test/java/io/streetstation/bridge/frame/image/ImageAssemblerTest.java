package io.streetstation.bridge.frame.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.bridge.frame.NakReason;
import io.streetstation.bridge.frame.Verdict;
import io.streetstation.bridge.frame.msg.CaptureRecord;
import io.streetstation.bridge.frame.msg.ImageChunk;
import io.streetstation.bridge.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ImageAssemblerTest {

    static final int CAMERA = 0x30;

    final ManualClock clock = new ManualClock();
    final List<ImageAssembler.Outcome> outcomes = new CopyOnWriteArrayList<>();
    final ImageAssembler assembler = new ImageAssembler(clock,
            new ImageAssembler.Limits(64 * 1024, 2, Duration.ofSeconds(30)), outcomes::add);

    static byte[] jpeg(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;  // SOI, for the look of it
        return b;
    }

    static CaptureRecord record(long captureId, byte[] image) {
        return record(captureId, image, ImageAssembler.sha256(image));
    }

    static CaptureRecord record(long captureId, byte[] image, byte[] sha) {
        return new CaptureRecord(0, captureId, CaptureRecord.ObjectClass.PERSON, 9000,
                new CaptureRecord.BoundingBox(1, 2, 3, 4), 1_767_225_600_000L, image.length, sha,
                ImageAssembler.split(captureId, image).size(), "",
                List.of(new CaptureRecord.Attribute("upper", "jacket")));
    }

    @Test
    void allChunks_inAnyOrder_assembleAndVerify() {
        byte[] image = jpeg(5000, 1);
        assertThat(assembler.begin(CAMERA, record(7, image))).isEqualTo(Verdict.accepted());
        List<ImageChunk> chunks = new java.util.ArrayList<>(ImageAssembler.split(7, image));
        java.util.Collections.reverse(chunks);
        for (ImageChunk c : chunks) {
            assertThat(assembler.accept(CAMERA, c)).isEqualTo(Verdict.accepted());
        }
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(ImageAssembler.Assembled.class,
                a -> assertThat(a.jpeg()).containsExactly(image));
        assertThat(assembler.inProgress()).isZero();
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void corruptedChunk_givesHashMismatch() {
        byte[] image = jpeg(3000, 2);
        assembler.begin(CAMERA, record(8, image));
        List<ImageChunk> chunks = ImageAssembler.split(8, image);
        byte[] bad = chunks.get(1).data();
        bad[10] ^= 0x01;
        assembler.accept(CAMERA, chunks.get(0));
        assembler.accept(CAMERA, new ImageChunk(8, 1, chunks.size(), bad));
        assembler.accept(CAMERA, chunks.get(2));
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(ImageAssembler.Failed.class, f -> {
            assertThat(f.failure()).isEqualTo(ImageAssembler.Failure.HASH_MISMATCH);
            assertThat(f.detail()).contains("capture 8").contains("SHA-256");
        });
    }

    @Test
    void missingChunk_timesOut_namingTheMissingIndices() {
        byte[] image = jpeg(4000, 3);
        assembler.begin(CAMERA, record(9, image));
        List<ImageChunk> chunks = ImageAssembler.split(9, image);
        assembler.accept(CAMERA, chunks.get(0));
        assembler.accept(CAMERA, chunks.get(2));
        clock.advance(Duration.ofSeconds(29));
        assertThat(outcomes).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(ImageAssembler.Failed.class, f -> {
            assertThat(f.failure()).isEqualTo(ImageAssembler.Failure.TIMED_OUT);
            assertThat(f.detail()).contains("2 of 4 chunks missing").contains("[1, 3]");
        });
        assertThat(assembler.accept(CAMERA, chunks.get(1))).isInstanceOfSatisfying(Verdict.Refused.class,
                r -> assertThat(r.detail()).contains("unknown capture 9"));
    }

    @Test
    void chunkWithoutRecord_isRefused() {
        assertThat(assembler.accept(CAMERA, new ImageChunk(1, 0, 1, new byte[] {1})))
                .isEqualTo(new Verdict.Refused(NakReason.REFUSED, "unknown capture 1"));
    }

    @Test
    void imageOverTheLimit_isRefused_andReported() {
        byte[] image = jpeg(64 * 1024 + 1, 4);
        assertThat(assembler.begin(CAMERA, record(10, image))).isInstanceOfSatisfying(Verdict.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(NakReason.REFUSED));
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(ImageAssembler.Failed.class,
                f -> assertThat(f.failure()).isEqualTo(ImageAssembler.Failure.TOO_LARGE));
    }

    @Test
    void tooManyConcurrentCaptures_isBusy() {
        assembler.begin(CAMERA, record(1, jpeg(2000, 1)));
        assembler.begin(CAMERA, record(2, jpeg(2000, 2)));
        assertThat(assembler.begin(CAMERA, record(3, jpeg(2000, 3)))).isInstanceOfSatisfying(
                Verdict.Refused.class, r -> assertThat(r.reason()).isEqualTo(NakReason.BUSY));
    }

    @Test
    void sameCaptureIdFromAnotherCamera_isSeparate() {
        byte[] a = jpeg(1500, 5);
        byte[] b = jpeg(1500, 6);
        assembler.begin(0x30, record(1, a));
        assembler.begin(0x31, record(1, b));
        ImageAssembler.split(1, b).forEach(c -> assembler.accept(0x31, c));
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.source()).isEqualTo(0x31));
    }

    @Test
    void repeatedIdenticalChunk_isAccepted_differentCopyIsBadPayload() {
        byte[] image = jpeg(3000, 7);
        assembler.begin(CAMERA, record(11, image));
        ImageChunk c0 = ImageAssembler.split(11, image).get(0);
        assembler.accept(CAMERA, c0);
        assertThat(assembler.accept(CAMERA, c0)).isEqualTo(Verdict.accepted());
        byte[] other = c0.data();
        other[0] ^= 1;
        assertThat(assembler.accept(CAMERA, new ImageChunk(11, 0, c0.count(), other)))
                .isInstanceOfSatisfying(Verdict.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(NakReason.BAD_PAYLOAD));
    }

    @Test
    void chunkCountDifferentFromRecord_isBadPayload() {
        byte[] image = jpeg(3000, 8);
        assembler.begin(CAMERA, record(12, image));
        assertThat(assembler.accept(CAMERA, new ImageChunk(12, 0, 7, new byte[] {1})))
                .isInstanceOfSatisfying(Verdict.Refused.class,
                        r -> assertThat(r.detail()).contains("chunk count 7, record says 3"));
    }

    @Test
    void recordWithoutImage_completesAtOnce() {
        CaptureRecord r = new CaptureRecord(0, 13, CaptureRecord.ObjectClass.VEHICLE, 5000,
                new CaptureRecord.BoundingBox(0, 0, 1, 1), 1L, 0, new byte[32], 0, "A1", List.of());
        assertThat(assembler.begin(CAMERA, r)).isEqualTo(Verdict.accepted());
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(ImageAssembler.Assembled.class,
                a -> assertThat(a.jpeg()).isEmpty());
    }
}
