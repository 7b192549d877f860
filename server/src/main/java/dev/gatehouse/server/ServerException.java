package dev.gatehouse.server;

/** The server could not do what was asked of it (start, listen). The message is safe to show. */
public class ServerException extends RuntimeException {

    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
