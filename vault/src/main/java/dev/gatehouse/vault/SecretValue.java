package dev.gatehouse.vault;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A secret held as characters the holder can wipe. It never shows itself in {@link #toString()},
 * and two values are equal only when they are the same object, so neither logging nor a failed
 * assertion can print one. Wrap it in try-with-resources to wipe it when done.
 */
public final class SecretValue implements AutoCloseable {

    /** Longer values are refused: a credential is not a document. */
    public static final int MAX_CHARS = 65_536;

    private final char[] chars;
    private volatile boolean wiped;

    private SecretValue(char[] chars) {
        this.chars = chars;
    }

    /** A copy of {@code chars}; the caller may (and should) wipe its own array afterwards. */
    public static SecretValue copyOf(char[] chars) {
        if (chars.length == 0) {
            throw new IllegalArgumentException("a secret value must not be empty");
        }
        if (chars.length > MAX_CHARS) {
            throw new IllegalArgumentException("a secret value must be at most " + MAX_CHARS + " characters");
        }
        return new SecretValue(chars.clone());
    }

    static SecretValue fromUtf8(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer decoded;
        try {
            decoded = decoder.decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a stored value is not UTF-8");
        }
        var out = new char[decoded.remaining()];
        decoded.get(out);
        Arrays.fill(decoded.array(), '\0');
        return new SecretValue(out);
    }

    /** A copy of the characters; the caller wipes it when done. */
    public char[] chars() {
        ensureLive();
        return chars.clone();
    }

    /**
     * The value as a string, for the places that cannot take characters (an environment variable,
     * an OS credential store). Strings cannot be wiped: use {@link #chars()} where you can.
     */
    public String reveal() {
        ensureLive();
        return new String(chars);
    }

    public int length() {
        return chars.length;
    }

    byte[] utf8() {
        ensureLive();
        var encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        var out = new byte[encoded.remaining()];
        encoded.get(out);
        Arrays.fill(encoded.array(), (byte) 0);
        return out;
    }

    /** Overwrites the characters; later reads fail. */
    public void wipe() {
        wiped = true;
        Arrays.fill(chars, '\0');
    }

    public boolean isWiped() {
        return wiped;
    }

    @Override
    public void close() {
        wipe();
    }

    private void ensureLive() {
        if (wiped) {
            throw new IllegalStateException("this secret value has been wiped");
        }
    }

    @Override
    public String toString() {
        return "SecretValue[redacted]";
    }
}
