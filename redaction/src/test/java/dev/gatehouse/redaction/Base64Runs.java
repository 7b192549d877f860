package dev.gatehouse.redaction;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** Test oracle: does any base64 run in a text, decoded at any alignment, contain a secret? */
final class Base64Runs {

    private static final Pattern RUN = Pattern.compile("[A-Za-z0-9+/_-]{4,}");

    private Base64Runs() {}

    static boolean decodedContain(String text, String secret) {
        var needle = secret.getBytes(StandardCharsets.UTF_8);
        var m = RUN.matcher(text);
        while (m.find()) {
            var run = m.group().replace('-', '+').replace('_', '/');
            for (int skip = 0; skip < 4 && skip < run.length(); skip++) {
                var part = run.substring(skip);
                part = part.substring(0, part.length() - part.length() % 4);
                if (part.isEmpty()) {
                    continue;
                }
                var bytes = Base64.getDecoder().decode(part);
                if (indexOf(bytes, needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
