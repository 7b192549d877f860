package dev.gatehouse.server;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Session ids of 256 random bits, base64url: unguessable, and only visible ASCII as MCP requires. */
final class SessionIds {

    private static final int BYTES = 32;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecureRandom random;

    SessionIds(SecureRandom random) {
        this.random = random;
    }

    String next() {
        var bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether text could be one of our ids; anything else is refused before any lookup. */
    static boolean wellFormed(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }
}
