package io.streetstation.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.bridge.link.SerialConfig.BaudRate;
import io.streetstation.bridge.link.SerialConfig.DataBits;
import io.streetstation.bridge.link.SerialConfig.FlowControl;
import io.streetstation.bridge.link.SerialConfig.Parity;
import io.streetstation.bridge.link.SerialConfig.StopBits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SerialConfigTest {

    @Test
    void of_defaultsTo115200_8N1_noFlow_exclusive() {
        SerialConfig c = SerialConfig.of("/dev/ttyUSB0");

        assertThat(c.baud()).isEqualTo(BaudRate.B115200);
        assertThat(c.dataBits()).isEqualTo(DataBits.EIGHT);
        assertThat(c.parity()).isEqualTo(Parity.NONE);
        assertThat(c.stopBits()).isEqualTo(StopBits.ONE);
        assertThat(c.flow()).isEqualTo(FlowControl.NONE);
        assertThat(c.exclusive()).isTrue();
        assertThat(c.reconnect()).isEqualTo(ReconnectPolicy.DEFAULT);
        assertThat(c.readBufferBytes()).isEqualTo(4096);
        assertThat(c.readWait()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.framing()).isEqualTo("115200 8N1");
    }

    @Test
    void withers_changeOnlyTheirPart() {
        SerialConfig c = SerialConfig.of("/dev/serial/by-id/usb-FTDI_nest-if00-port0")
                .withBaud(BaudRate.B57600)
                .withFraming(DataBits.SEVEN, Parity.EVEN, StopBits.TWO)
                .withFlow(FlowControl.RTS_CTS)
                .withExclusive(false);

        assertThat(c.framing()).isEqualTo("57600 7E2 RTS_CTS");
        assertThat(c.exclusive()).isFalse();
        assertThat(c.path()).isEqualTo("/dev/serial/by-id/usb-FTDI_nest-if00-port0");
    }

    @Test
    void relativeOrBlankPath_isRejectedWithTheExpectedForm() {
        assertThatThrownBy(() -> SerialConfig.of("ttyUSB0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serial path must be an absolute device path such as /dev/ttyUSB0, was \"ttyUSB0\"");
        assertThatThrownBy(() -> SerialConfig.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SerialConfig.of(null)).isInstanceOf(NullPointerException.class).hasMessage("path");
    }

    @Test
    void readBufferAndWait_outOfRange_areRejectedWithUnits() {
        SerialConfig c = SerialConfig.of("/dev/ttyAMA0");

        assertThatThrownBy(() -> c.withReadBuffer(16, Duration.ofMillis(50)))
                .hasMessage("readBufferBytes must be within 64..65536, was 16");
        assertThatThrownBy(() -> c.withReadBuffer(4096, Duration.ofSeconds(5)))
                .hasMessage("readWait must be within 1..1000 ms, was 5000 ms");
    }

    @Test
    void stopBitsThatTheLineCannotCarry_areRejected() {
        SerialConfig c = SerialConfig.of("/dev/ttyS0");

        assertThatThrownBy(() -> c.withFraming(DataBits.FIVE, Parity.NONE, StopBits.TWO))
                .hasMessageContaining("5 data bits take 1.5 stop bits");
        assertThatThrownBy(() -> c.withFraming(DataBits.EIGHT, Parity.NONE, StopBits.ONE_AND_HALF))
                .hasMessageContaining("1.5 stop bits exist only with 5 data bits, not 8");
        assertThat(c.withFraming(DataBits.FIVE, Parity.MARK, StopBits.ONE_AND_HALF).framing())
                .isEqualTo("115200 5M1.5");
    }

    @Test
    void jsscCodes_matchJsscConstants() {
        assertThat(Parity.values()).extracting(Enum::ordinal).containsExactly(
                jssc.SerialPort.PARITY_NONE, jssc.SerialPort.PARITY_ODD, jssc.SerialPort.PARITY_EVEN,
                jssc.SerialPort.PARITY_MARK, jssc.SerialPort.PARITY_SPACE);
        assertThat(FlowControl.RTS_CTS.jsscMask())
                .isEqualTo(jssc.SerialPort.FLOWCONTROL_RTSCTS_IN | jssc.SerialPort.FLOWCONTROL_RTSCTS_OUT);
        assertThat(FlowControl.XON_XOFF.jsscMask())
                .isEqualTo(jssc.SerialPort.FLOWCONTROL_XONXOFF_IN | jssc.SerialPort.FLOWCONTROL_XONXOFF_OUT);
    }
}
