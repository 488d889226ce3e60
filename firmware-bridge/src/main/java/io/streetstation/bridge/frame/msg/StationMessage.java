package io.streetstation.bridge.frame.msg;

/**
 * A message of the station frame protocol catalogue (PROTOCOL.md §5). Every implementation is a
 * record whose constructor validates all ranges, so an instance is always a complete, valid
 * message; decoding builds one only from a whole payload.
 */
public sealed interface StationMessage
        permits Hello, HelloAck, StatusRequest, DeviceEvent,
                RoofCommand, RoofState, BayCommand, BayState, Weather, ClimateState,
                ClimateSetMode, EStopState, EStopReset, EStopTrigger, TowerLightCommand, TowerLightState,
                PowerState, RackSlotState, RackLockCommand, CaptureRecord, ImageChunk, ImageRequest {

    /** The catalogue entry of this message. */
    MessageType<?> type();

    /** Writes the payload; the record's fields are already valid. */
    void write(PayloadWriter w);
}
