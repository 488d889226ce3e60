package io.streetstation.bridge.frame.msg;

/** Firmware version major.minor.patch; major and minor 0..255, patch 0..65535. */
public record FirmwareVersion(int major, int minor, int patch) {
    public FirmwareVersion {
        Check.range("firmware major", major, 0, 255);
        Check.range("firmware minor", minor, 0, 255);
        Check.range("firmware patch", patch, 0, 0xFFFF);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
