package dev.gatehouse.builtins;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Opens the one TCP connection of an exchange, to an address already checked. */
@FunctionalInterface
interface SocketOpener {

    Socket open(InetSocketAddress address, Duration timeout) throws IOException;

    static SocketOpener plain() {
        return (address, timeout) -> {
            var socket = new Socket();
            try {
                socket.connect(address, Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
                return socket;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        };
    }
}
