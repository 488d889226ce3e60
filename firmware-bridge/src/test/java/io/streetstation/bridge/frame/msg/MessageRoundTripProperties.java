package io.streetstation.bridge.frame.msg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;

/** Every message type, with random valid field values, survives encode then decode unchanged. */
class MessageRoundTripProperties {

    @Property(tries = 3000)
    void anyMessage_roundTripsThroughTheCatalogue(@ForAll("messages") StationMessage m) {
        byte[] payload = MessageCatalog.encode(m);
        assertThat(payload.length).isLessThanOrEqualTo(MessageCatalog.MAX_PAYLOAD);
        assertThat(MessageCatalog.standard().decode(m.type().id(), payload))
                .isEqualTo(new DecodeResult.Decoded(m));
    }

    @Property(tries = 3000)
    void anyPayloadBytes_decodeToAValue_neverThrow(@ForAll("typeIds") int type,
                                                   @ForAll byte[] payload) {
        assertThat(MessageCatalog.standard().decode(type, payload)).isNotNull();
    }

    @Provide
    Arbitrary<Integer> typeIds() {
        return Arbitraries.oneOf(Arbitraries.of(MessageCatalog.standard().types().stream()
                .map(MessageType::id).collect(Collectors.toList())), Arbitraries.integers().between(0, 0xFFFF));
    }

    @Provide
    Arbitrary<StationMessage> messages() {
        return Arbitraries.oneOf(List.of(
                hello(), helloAck(), statusRequest(), deviceEvent(), roofCommand(), roofState(),
                bayCommand(), bayState(), weather(), climateState(), climateSetMode(), eStopState(),
                Arbitraries.just(new EStopReset()), Arbitraries.just(new EStopTrigger()), towerCommand(), towerState(), powerState(),
                rackSlotState(), rackLock(), captureRecord(), imageChunk(), imageRequest()));
    }

    static Arbitrary<Integer> u8() {
        return Arbitraries.integers().between(0, 255);
    }

    static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xFFFF);
    }

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    static Arbitrary<Boolean> bool() {
        return Arbitraries.of(true, false);
    }

    static Arbitrary<Integer> percentOrUnknown() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 100), Arbitraries.just(255));
    }

    /** Unicode text of at most {@code maxBytes} UTF-8 bytes. */
    static Arbitrary<String> text(int maxBytes) {
        StringArbitrary s = Arbitraries.strings().all().ofMaxLength(maxBytes);
        return s.filter(x -> x.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= maxBytes
                && x.equals(new String(x.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8)));
    }

    static Arbitrary<PeerIdentity> identity() {
        return Combinators.combine(Arbitraries.of(Role.class), Arbitraries.of(DeviceKind.class),
                Arbitraries.longs().between(1, 0xFFFF_FFFFL), u8(), u8(), u16(), u32(), text(32))
                .as((r, k, b, ma, mi, pa, c, s) -> new PeerIdentity(r, k, b, new FirmwareVersion(ma, mi, pa), c, s));
    }

    Arbitrary<StationMessage> hello() {
        return Combinators.combine(Arbitraries.integers().between(1, 255), Arbitraries.integers().between(0, 254), identity())
                .as((min, span, id) -> new Hello(min, Math.min(255, min + span), id));
    }

    Arbitrary<StationMessage> helloAck() {
        return Combinators.combine(Arbitraries.integers().between(1, 255), identity()).as(HelloAck::new);
    }

    Arbitrary<StationMessage> statusRequest() {
        return Combinators.combine(u16(), u8()).as(StatusRequest::new);
    }

    Arbitrary<StationMessage> deviceEvent() {
        return Combinators.combine(u16(), Arbitraries.of(DeviceEvent.Severity.class), text(160)).as(DeviceEvent::new);
    }

    Arbitrary<StationMessage> roofCommand() {
        return Arbitraries.of(RoofCommand.Action.class).map(RoofCommand::new);
    }

    Arbitrary<StationMessage> roofState() {
        return Combinators.combine(Arbitraries.of(RoofState.Phase.class), Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 30_000), u16()).as(RoofState::new);
    }

    Arbitrary<StationMessage> bayCommand() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.of(BayCommand.Action.class))
                .as(BayCommand::new);
    }

    Arbitrary<StationMessage> bayState() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), bool(), bool(),
                Arbitraries.of(BayState.Centring.class), bool(), Arbitraries.of(BayState.Charger.class),
                Arbitraries.integers().between(0, 60_000), Arbitraries.integers().between(0, 30_000))
                .flatAs((bay, a, b, cen, con, ch, mv, ma) -> Combinators.combine(percentOrUnknown(), bool())
                        .as((pct, pwr) -> new BayState(bay, a, b, cen, con, ch, mv, ma, pct, pwr)));
    }

    Arbitrary<StationMessage> weather() {
        return Combinators.combine(Arbitraries.integers().between(0, 7500), Arbitraries.integers().between(0, 7500),
                Arbitraries.integers().between(0, 3599), Arbitraries.integers().between(0, 5000),
                Arbitraries.integers().between(-5000, 8500), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(3000, 11_000)).as(Weather::new);
    }

    Arbitrary<StationMessage> climateState() {
        return Combinators.combine(Arbitraries.integers().between(-5000, 8500), Arbitraries.integers().between(0, 10_000),
                bool(), bool(), bool(), Arbitraries.of(ClimateMode.class), Arbitraries.integers().between(-2000, 4000))
                .as(ClimateState::new);
    }

    Arbitrary<StationMessage> climateSetMode() {
        return Combinators.combine(Arbitraries.of(ClimateMode.class), Arbitraries.integers().between(-2000, 4000))
                .as(ClimateSetMode::new);
    }

    Arbitrary<StationMessage> eStopState() {
        return Combinators.combine(bool(), bool(), Arbitraries.of(EStopState.Source.class))
                .filter((p, l, s) -> !((p || l) && s == EStopState.Source.NONE)).as(EStopState::new);
    }

    Arbitrary<StationMessage> towerCommand() {
        return Combinators.combine(Arbitraries.of(LightColour.class), Arbitraries.of(LightPattern.class))
                .as(TowerLightCommand::new);
    }

    Arbitrary<StationMessage> towerState() {
        return Combinators.combine(Arbitraries.of(LightColour.class), Arbitraries.of(LightPattern.class))
                .as(TowerLightState::new);
    }

    Arbitrary<StationMessage> powerState() {
        return Combinators.combine(bool(), percentOrUnknown(), u16(), Arbitraries.integers().between(0, 60_000))
                .as(PowerState::new);
    }

    Arbitrary<StationMessage> rackSlotState() {
        Arbitrary<String> id = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(16);
        return Combinators.combine(Arbitraries.integers().between(1, 32), bool(),
                        Arbitraries.of(RackSlotState.Lock.class), percentOrUnknown(), bool(), id)
                .as((slot, occ, lock, pct, ch, vid) -> new RackSlotState(slot, occ, lock, pct,
                        occ && ch, occ ? vid : ""));
    }

    Arbitrary<StationMessage> rackLock() {
        return Combinators.combine(Arbitraries.integers().between(1, 32), Arbitraries.of(RackLockCommand.Action.class))
                .as(RackLockCommand::new);
    }

    Arbitrary<StationMessage> captureRecord() {
        Arbitrary<CaptureRecord.Attribute> attr = Combinators.combine(
                text(24).filter(k -> !k.isEmpty() && k.indexOf('=') < 0), text(32))
                .as(CaptureRecord.Attribute::new);
        Arbitrary<List<CaptureRecord.Attribute>> attrs = attr.list().ofMaxSize(16)
                .uniqueElements(CaptureRecord.Attribute::key);
        Arbitrary<CaptureRecord.BoundingBox> box = Combinators.combine(u16(), u16(), u16(), u16())
                .as(CaptureRecord.BoundingBox::new);
        Arbitrary<Long> length = Arbitraries.oneOf(Arbitraries.just(0L),
                Arbitraries.longs().between(1, CaptureRecord.MAX_IMAGE));
        return Combinators.combine(u8(), u32(), Arbitraries.of(CaptureRecord.ObjectClass.class),
                        Arbitraries.integers().between(0, 10_000), box,
                        Arbitraries.longs().between(1, Long.MAX_VALUE), length,
                        Arbitraries.bytes().array(byte[].class).ofSize(32))
                .flatAs((cam, cap, cls, conf, bx, ts, len, sha) -> Combinators.combine(text(16), attrs)
                        .as((plate, at) -> new CaptureRecord(cam, cap, cls, conf, bx, ts, len, sha,
                                (int) ((len + ImageChunk.MAX_DATA - 1) / ImageChunk.MAX_DATA),
                                cls == CaptureRecord.ObjectClass.PERSON ? "" : plate, at)));
    }

    Arbitrary<StationMessage> imageChunk() {
        return Combinators.combine(u32(), Arbitraries.integers().between(1, 0xFFFF),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(ImageChunk.MAX_DATA))
                .flatAs((cap, count, data) -> Arbitraries.integers().between(0, count - 1)
                        .map(i -> new ImageChunk(cap, i, count, data)));
    }

    Arbitrary<StationMessage> imageRequest() {
        return Combinators.combine(u32(), u16(), u16()).as(ImageRequest::new);
    }
}
