// Golden MAVLink frames from an independent implementation, for MavGoldenFramesTest.
//
// Generated with node-mavlink 2.3.0 (mavlink-mappings 1.0.21-20250824-1), Node.js v20.20.2:
//   mkdir -p /work/scratch/mavgold && cd /work/scratch/mavgold
//   npm install node-mavlink@2.3.0
//   node <repo>/firmware-bridge/src/test/resources/mavlink/golden/gen-golden.mjs
// Prints one line per frame: NAME HEX. The Java test holds the same bytes, annotated field by field.
// node-mavlink >= 2.0.9 is required: earlier versions signed wrongly (ArduPilot/node-mavlink#39).
import { createRequire } from 'node:module'
import { createHash } from 'node:crypto'
const require = createRequire(process.cwd() + '/')
const { MavLinkProtocolV1, MavLinkProtocolV2, minimal, common } = require('node-mavlink')

const out = (name, buf) => console.log(name + ' ' + Buffer.from(buf).toString('hex'))
const v2 = (sys, comp, msg, seq) => new MavLinkProtocolV2(sys, comp).serialize(msg, seq)

function heartbeatFromCopter() {
  const m = new minimal.Heartbeat()
  m.type = 2               // MAV_TYPE_QUADROTOR
  m.autopilot = 3          // MAV_AUTOPILOT_ARDUPILOTMEGA
  m.baseMode = 0x59        // CUSTOM_MODE_ENABLED | STABILIZE | GUIDED | SAFETY... (89)
  m.customMode = 4         // COPTER_MODE_GUIDED
  m.systemStatus = 3       // MAV_STATE_STANDBY
  m.mavlinkVersion = 3
  return m
}
function heartbeatFromGcs() {
  const m = new minimal.Heartbeat()
  m.type = 6               // MAV_TYPE_GCS
  m.autopilot = 8          // MAV_AUTOPILOT_INVALID
  m.baseMode = 0
  m.customMode = 0
  m.systemStatus = 4       // MAV_STATE_ACTIVE
  m.mavlinkVersion = 3
  return m
}

out('HEARTBEAT_V2', v2(1, 1, heartbeatFromCopter(), 0))
out('HEARTBEAT_V1', new MavLinkProtocolV1(1, 1).serialize(heartbeatFromCopter(), 7))

const cl = new common.CommandLong()
cl.targetSystem = 1; cl.targetComponent = 1
cl.command = 400          // MAV_CMD_COMPONENT_ARM_DISARM
cl.confirmation = 0
// node-mavlink names the COMMAND_LONG/COMMAND_INT params _param1.._param7 (x/y/z are _param5.._param7)
cl._param1 = 1; cl._param2 = 0; cl._param3 = 0; cl._param4 = 0; cl._param5 = 0; cl._param6 = 0; cl._param7 = 0
out('COMMAND_LONG', v2(255, 190, cl, 1))

const ci = new common.CommandInt()
ci.targetSystem = 1; ci.targetComponent = 1
ci.frame = 6              // MAV_FRAME_GLOBAL_RELATIVE_ALT_INT
ci.command = 192          // MAV_CMD_DO_REPOSITION
ci.current = 0; ci.autocontinue = 0
ci._param1 = -1; ci._param2 = 1; ci._param3 = 0; ci._param4 = 0
ci._param5 = 473977418; ci._param6 = 85455939; ci._param7 = 20.5
out('COMMAND_INT', v2(255, 190, ci, 2))

const ack = new common.CommandAck()
ack.command = 400; ack.result = 0   // MAV_RESULT_ACCEPTED
ack.progress = 0; ack.resultParam2 = 0
ack.targetSystem = 255; ack.targetComponent = 190
out('COMMAND_ACK', v2(1, 1, ack, 3))

const mc = new common.MissionCount()
mc.targetSystem = 1; mc.targetComponent = 1; mc.count = 5; mc.missionType = 0; mc.opaqueId = 0
out('MISSION_COUNT', v2(255, 190, mc, 4))

const mi = new common.MissionItemInt()
mi.targetSystem = 1; mi.targetComponent = 1; mi.seq = 1
mi.frame = 6; mi.command = 16       // MAV_CMD_NAV_WAYPOINT
mi.current = 0; mi.autocontinue = 1
mi.param1 = 0; mi.param2 = 0; mi.param3 = 0; mi.param4 = 0
mi.x = 473977418; mi.y = 85455939; mi.z = 30; mi.missionType = 0
out('MISSION_ITEM_INT', v2(255, 190, mi, 5))

const gp = new common.GlobalPositionInt()
gp.timeBootMs = 123456; gp.lat = 473977418; gp.lon = 85455939
gp.alt = 512340; gp.relativeAlt = 30120; gp.vx = -120; gp.vy = 45; gp.vz = 3; gp.hdg = 27000
out('GLOBAL_POSITION_INT', v2(1, 1, gp, 6))

const cic = new common.CameraImageCaptured()
cic.timeBootMs = 654321; cic.timeUtc = 1767225600000000n; cic.cameraId = 1
cic.lat = 473977418; cic.lon = 85455939; cic.alt = 512340; cic.relativeAlt = 30120
cic.q = [1, 0, 0, 0]; cic.imageIndex = 7; cic.captureResult = 1; cic.fileUrl = 'img_0007.jpg'
out('CAMERA_IMAGE_CAPTURED', v2(1, 100, cic, 8))

// Signing: key = SHA-256("street-station-golden-key"), link id 3,
// timestamp = (2026-01-01T00:00:00.123Z - 2015-01-01T00:00:00Z) in 10 us units.
const key = createHash('sha256').update('street-station-golden-key').digest()
console.log('KEY ' + key.toString('hex'))
const tsMs = Date.UTC(2026, 0, 1, 0, 0, 0, 123)
console.log('TIMESTAMP ' + (tsMs - Date.UTC(2015, 0, 1)) * 100)
const signed = (sys, comp, msg, seq) => {
  const p = new MavLinkProtocolV2(sys, comp, MavLinkProtocolV2.IFLAG_SIGNED)
  return p.sign(p.serialize(msg, seq), 3, key, tsMs)
}
out('SIGNED_HEARTBEAT', signed(255, 190, heartbeatFromGcs(), 9))
out('SIGNED_COMMAND_LONG', signed(255, 190, cl, 10))
