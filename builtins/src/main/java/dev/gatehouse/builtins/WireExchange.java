package dev.gatehouse.builtins;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request over a connection we open ourselves, to an address already checked. We
 * write the client rather than use {@code java.net.http}: that client resolves names itself and
 * cannot be told which address to use while keeping the name for the Host header and TLS (SNI and
 * certificate checks). A watchdog closes the socket at the deadline, so a server that trickles,
 * stalls or never reads cannot hold the call beyond it.
 */
final class WireExchange {

    static final String USER_AGENT = "gatehouse-builtin-http/1";

    /** One request: method, caller headers (already vetted) and an optional body. */
    record Request(String method, Map<String, String> headers, byte[] body) {}

    private final SocketOpener opener;
    private final SSLContext tls;
    private final Clock clock;
    private final int maxBody;

    WireExchange(SocketOpener opener, SSLContext tls, Clock clock, int maxBody) {
        this.opener = opener;
        this.tls = tls;
        this.clock = clock;
        this.maxBody = maxBody;
    }

    HttpResponse exchange(Destination destination, List<InetAddress> addresses, Request request, Instant deadline)
            throws IOException {
        var socket = connect(destination, addresses, deadline);
        var watchdog = Thread.ofVirtual().name("gatehouse-http-deadline").start(() -> {
            try {
                Thread.sleep(remaining(deadline));
                socket.close();
            } catch (InterruptedException | IOException e) {
                // Interrupted: the exchange finished in time. A failed close leaves nothing to do.
            }
        });
        try (socket) {
            var connection = destination.tls() ? secure(socket, destination) : socket;
            connection.setSoTimeout(Math.clamp(remaining(deadline).toMillis(), 1, Integer.MAX_VALUE));
            var out = new BufferedOutputStream(connection.getOutputStream());
            out.write(head(destination, request).getBytes(StandardCharsets.ISO_8859_1));
            out.write(request.body());
            out.flush();
            var in = new BufferedInputStream(connection.getInputStream());
            return new ResponseReader(in, maxBody).read(request.method().equals("HEAD"));
        } catch (java.net.SocketTimeoutException e) {
            // The read timeout is set to what is left of the deadline, truncated to milliseconds, so
            // it can fire a moment before the deadline by the clock: it is the deadline all the same.
            throw timeout();
        } catch (IOException e) {
            if (!remaining(deadline).isPositive()) {
                throw timeout();
            }
            // A remote end that resets or breaks the connection is an outcome of an external call.
            throw new Refusal(
                    Destination.PLUGIN,
                    Refusal.Kind.PROTOCOL,
                    "the connection to " + Quote.of(destination.authority()) + " failed");
        } finally {
            watchdog.interrupt();
        }
    }

    private Socket connect(Destination destination, List<InetAddress> addresses, Instant deadline) throws IOException {
        IOException last = null;
        for (var address : addresses) {
            var left = remaining(deadline);
            if (!left.isPositive()) {
                throw timeout();
            }
            try {
                return opener.open(new InetSocketAddress(address, destination.port()), left);
            } catch (java.net.SocketTimeoutException e) {
                throw timeout();
            } catch (IOException e) {
                last = e;
            }
        }
        throw new Refusal(
                Destination.PLUGIN,
                Refusal.Kind.DESTINATION,
                "could not connect to " + Quote.of(destination.authority())
                        + (last instanceof java.net.ConnectException ? " (connection refused)" : ""));
    }

    private Socket secure(Socket plain, Destination destination) throws IOException {
        var name = destination.isLiteral() ? destination.host().replace("[", "").replace("]", "") : destination.host();
        var socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, name, destination.port(), true);
        var parameters = socket.getSSLParameters();
        // Checks the certificate against the name the caller asked for, not the address we dialled.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!destination.isLiteral()) {
            parameters.setServerNames(List.of(new SNIHostName(destination.host())));
        }
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static String head(Destination destination, Request request) {
        var head = new StringBuilder();
        head.append(request.method()).append(' ').append(destination.target()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(destination.hostHeader()).append("\r\n");
        boolean agent = false;
        for (var header : request.headers().entrySet()) {
            agent |= header.getKey().equalsIgnoreCase("user-agent");
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        if (!agent) {
            head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        }
        // Identity only: we return text and will not inflate what a server compressed.
        head.append("Accept-Encoding: identity\r\n");
        head.append("Connection: close\r\n");
        if (request.body().length > 0 || request.method().equals("POST")) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private Duration remaining(Instant deadline) {
        return Duration.between(clock.instant(), deadline);
    }

    private static Refusal timeout() {
        return new Refusal(Destination.PLUGIN, Refusal.Kind.TIMEOUT, "the request timed out");
    }
}
