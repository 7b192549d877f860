package dev.gatehouse.redaction;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The forms in which a secret value is likely to leave a process: as is, base64 (standard and
 * URL-safe, padded and not), and URL-encoded (form style, RFC 3986 style, lower-case hex).
 *
 * <p>Base64 of a longer message that merely contains the secret (a {@code user:password} Basic
 * credential, a JSON document, a config file) does not contain base64(secret) itself: the encoding
 * depends on where in a 3-byte group the secret starts. For each of the three alignments this adds
 * the run of base64 characters that depend on the secret's bytes alone, so the secret is found
 * wherever it sits in a base64 blob. Up to two characters at either end of such a run mix secret
 * bits with neighbouring bytes; they stay, and reveal at most a few bits of the first and last byte.
 */
final class SecretEncodings {

    private SecretEncodings() {}

    /** Every form of {@code value} worth searching for, the value itself first, no duplicates. */
    static Set<String> of(String value) {
        var forms = new LinkedHashSet<String>();
        forms.add(value);
        var bytes = value.getBytes(StandardCharsets.UTF_8);
        for (var encoder : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
            var padded = encoder.encodeToString(bytes);
            forms.add(padded);
            forms.add(stripPadding(padded));
            for (int offset = 0; offset < 3; offset++) {
                forms.add(alignedCore(encoder, bytes, offset));
            }
        }
        var form = URLEncoder.encode(value, StandardCharsets.UTF_8);
        forms.add(form);
        forms.add(lowerHex(form));
        var rfc3986 = percentEncode(bytes);
        forms.add(rfc3986);
        forms.add(lowerHex(rfc3986));
        forms.add(URLEncoder.encode(Base64.getEncoder().encodeToString(bytes), StandardCharsets.UTF_8));
        forms.removeIf(String::isEmpty);
        return forms;
    }

    /**
     * The base64 characters of {@code bytes} preceded by {@code offset} unknown bytes and followed by
     * unknown bytes that encode only bits of {@code bytes}.
     */
    private static String alignedCore(Base64.Encoder encoder, byte[] bytes, int offset) {
        var shifted = new byte[offset + bytes.length];
        System.arraycopy(bytes, 0, shifted, offset, bytes.length);
        var encoded = stripPadding(encoder.encodeToString(shifted));
        int first = (8 * offset + 5) / 6; // first character whose 6 bits all lie after the offset
        int end = 8 * shifted.length / 6; // characters before this one hold no bit of what follows
        return first < end ? encoded.substring(first, end) : "";
    }

    private static String stripPadding(String base64) {
        int end = base64.length();
        while (end > 0 && base64.charAt(end - 1) == '=') {
            end--;
        }
        return base64.substring(0, end);
    }

    /** Percent-encodes every byte outside RFC 3986's unreserved set, with upper-case hex. */
    private static String percentEncode(byte[] bytes) {
        var out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    private static String lowerHex(String percentEncoded) {
        var out = new StringBuilder(percentEncoded);
        for (int i = 0; i + 2 < out.length(); i++) {
            if (out.charAt(i) == '%') {
                out.setCharAt(i + 1, Character.toLowerCase(out.charAt(i + 1)));
                out.setCharAt(i + 2, Character.toLowerCase(out.charAt(i + 2)));
                i += 2;
            }
        }
        return out.toString();
    }
}
