package io.streetstation.agent.uplink;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories that set something on every socket another factory makes: the one wrapper the
 * uplink needs for its sockets, plain or TLS.
 *
 * <p>{@link #noDelay()}: Nagle's algorithm off ({@code TCP_NODELAY}) for the MQTT client. Paho
 * leaves Nagle on, and MQTT's traffic is the pattern Nagle punishes: a small PUBACK still
 * unacknowledged holds the next PUBLISH back until the peer's delayed ACK (40 ms on Linux).
 * Measured on the virtual rig: a command from central took 3 ms to reach the agent when nothing
 * was in flight and 40–45 ms when a PUBACK was, which alone broke the 10 ms command-to-serial
 * budget. The cost, a few more small segments, is nothing at a station's message rates.
 */
public final class SocketFactories {

    /** What to set on each socket. */
    @FunctionalInterface
    public interface Adjustment {
        void apply(Socket s) throws SocketException;
    }

    private static final Adjustment NO_DELAY = s -> s.setTcpNoDelay(true);

    private SocketFactories() {
    }

    /** Plain TCP, Nagle off. */
    public static SocketFactory noDelay() {
        return new Plain(SocketFactory.getDefault(), NO_DELAY);
    }

    /** TLS over {@code tls}'s sockets (its trust, keys and protocols unchanged), Nagle off. */
    public static SSLSocketFactory noDelay(SSLSocketFactory tls) {
        return tls(tls, NO_DELAY);
    }

    /** {@code tls}'s sockets with {@code adjustment} applied to each (a layered socket: to the TLS socket). */
    public static SSLSocketFactory tls(SSLSocketFactory tls, Adjustment adjustment) {
        return new Tls(tls, adjustment);
    }

    private static <S extends Socket> S adjusted(S s, Adjustment a) throws SocketException {
        a.apply(s);
        return s;
    }

    private static final class Plain extends SocketFactory {
        private final SocketFactory d;
        private final Adjustment a;

        Plain(SocketFactory d, Adjustment a) {
            this.d = d;
            this.a = a;
        }

        @Override
        public Socket createSocket() throws IOException {
            return adjusted(d.createSocket(), a);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return adjusted(d.createSocket(host, port), a);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return adjusted(d.createSocket(host, port, localHost, localPort), a);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return adjusted(d.createSocket(host, port), a);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return adjusted(d.createSocket(address, port, localAddress, localPort), a);
        }
    }

    private static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory d;
        private final Adjustment a;

        Tls(SSLSocketFactory d, Adjustment a) {
            this.d = d;
            this.a = a;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return d.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return d.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return adjusted(d.createSocket(), a);
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return adjusted(d.createSocket(s, host, port, autoClose), a);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return adjusted(d.createSocket(host, port), a);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return adjusted(d.createSocket(host, port, localHost, localPort), a);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return adjusted(d.createSocket(host, port), a);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return adjusted(d.createSocket(address, port, localAddress, localPort), a);
        }
    }
}
