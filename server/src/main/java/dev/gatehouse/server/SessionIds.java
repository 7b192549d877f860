package dev.gatehouse.server;

import java.security.SecureRandom;
import java.util.Base64;

/** Session ids of 256 random bits, base64url: unguessable, and only visible ASCII as MCP requires. */
final class SessionIds {

    private static final int BYTES = 32;
    private static final int LENGTH = 43;

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
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        // [A-Za-z0-9_-]{43}, checked on every request with a session, so without a regex.
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
